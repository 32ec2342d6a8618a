/**
 * The asset index for apps, `<output.dir>/masko-assets.json` (schema/masko-assets.schema.json): every
 * asset of the manifest with its type, kind, name and status, and per file its CDN URL, paths, MIME
 * type, size, hash and, for images and videos, pixel size and duration. Pure: the media info read
 * from the files is passed in, so the same inputs always give the same bytes.
 */
import { posix } from 'node:path';
import type { Lockfile } from '../model/lock.js';
import type { AssetKind, Manifest, ManifestAssetType } from '../model/manifest.js';
import { parseVariantKey } from '../manifest/variant-keys.js';
import { byCodePoint } from './identifiers.js';
import { mimeOf, type MediaInfo } from './media-types.js';

/** Format version of masko-assets.json (2: manifest type, kind, every asset with its status, file metadata). */
export const INDEX_VERSION = 2;

/** Where an asset stands: files on disk, job running, job failed, or not in the lock yet. */
export type AssetStatus = 'completed' | 'pending' | 'failed' | 'missing';

/** One file of an asset in the index: a file of the API, or a size or format variant of one. */
export interface IndexFile {
  /** The CDN URL recorded in masko.lock; absent for a file derived locally (`derived`). */
  url?: string;
  /** Path relative to the folder of masko.yaml (as in the lock). */
  path: string;
  /** Path relative to the folder of this index file. */
  file: string;
  /** `output.public_path` joined with the path under `output.dir`, when a public path is set. */
  public_url?: string;
  mime: string;
  /** Size and SHA-256 of the verified file (absent while pending). */
  bytes?: number;
  sha256?: string;
  /** Pixel size (images and videos), read from the file's headers. */
  width?: number;
  height?: number;
  /** Seconds (videos), read from the file's headers. */
  duration?: number;
  /** A size or format variant: the key of the file it is a variant of (`image` for `image@480.webp`). */
  variant_of?: string;
  /** A size variant: the width asked for in `sizes` (the file's own is `width`). */
  size?: number;
  /** A variant: its file format (`png`, `webp`, `avif`, `mp4`, `webm`, `mov`). */
  format?: string;
  /** Made locally by masko-sync (a web format, or a size the API did not make): no CDN URL. */
  derived?: true;
}

/** One asset of the manifest in the index. */
export interface IndexEntry {
  /** The manifest's `type`. */
  type: ManifestAssetType;
  /** What it is generated as (`animate`, `transition`, `reverse` are kinds of `animation`). */
  kind: AssetKind;
  name: string;
  status: AssetStatus;
  /** The API's error, for a failed asset. */
  error?: { code: string; message: string };
  /** Files by the API's asset key; empty while missing or failed. */
  files: Record<string, IndexFile>;
}

/** The whole index document. */
export interface AssetIndex {
  version: typeof INDEX_VERSION;
  assets: Record<string, IndexEntry>;
}

/** Media info of project files, by project-relative path. */
export type MediaByPath = ReadonlyMap<string, MediaInfo>;

/** The manifest's `type` an asset kind is written as. */
export function manifestTypeOf(kind: AssetKind): ManifestAssetType {
  switch (kind) {
    case 'image':
    case 'edit':
    case 'logo':
      return kind;
    case 'animation':
    case 'animate':
    case 'transition':
    case 'reverse':
      return 'animation';
    default: {
      const never: never = kind;
      throw new Error(`unknown asset kind ${String(never)}`);
    }
  }
}

/** Size and SHA-256 of derived files on disk, by project path (they are not in the lock). */
export type DerivedByPath = ReadonlyMap<string, { bytes: number; sha256: string }>;

/** Every asset of the manifest (ids sorted), with what the lock records and the media info given. */
export function buildIndex(manifest: Manifest, lock: Lockfile | undefined, media: MediaByPath = new Map(), derived: DerivedByPath = new Map()): AssetIndex {
  const indexDir = manifest.output.dir;
  const assets: Record<string, IndexEntry> = {};
  for (const id of Object.keys(manifest.assets).sort(byCodePoint)) {
    const asset = manifest.assets[id]!;
    const locked = lock && Object.hasOwn(lock.assets, id) ? lock.assets[id] : undefined;
    const status: AssetStatus = locked?.status ?? 'missing';
    const files: Record<string, IndexFile> = {};
    if (locked && status !== 'failed') {
      const done = status === 'completed';
      // Derived files are listed once they are on disk (a completed asset's, made before the index is written).
      const made = done ? Object.keys(locked.derived ?? {}).filter((k) => !Object.hasOwn(locked.files, k) && derived.has(locked.derived![k]!.path)) : [];
      for (const key of [...Object.keys(locked.files), ...made].sort(byCodePoint)) {
        const f: { url?: string; path: string; bytes?: number; sha256?: string } = Object.hasOwn(locked.files, key) ? locked.files[key]! : { path: locked.derived![key]!.path, ...derived.get(locked.derived![key]!.path) };
        files[key] = {
          ...(f.url !== undefined ? { url: f.url } : {}),
          path: f.path,
          file: relativeTo(indexDir, f.path),
          ...(manifest.output.publicPath !== undefined ? { public_url: publicUrl(manifest, f.path) } : {}),
          mime: mimeOf(f.path),
          ...(done && f.bytes !== undefined ? { bytes: f.bytes } : {}),
          ...(done && f.sha256 !== undefined ? { sha256: f.sha256 } : {}),
          ...(done ? mediaFields(media.get(f.path)) : {}),
          ...variantFields(key, f.path, f.url === undefined),
        };
      }
    }
    assets[id] = {
      type: manifestTypeOf(asset.kind),
      kind: asset.kind,
      name: asset.name,
      status,
      ...(status === 'failed' && locked?.error ? { error: { code: locked.error.code, message: locked.error.message } } : {}),
      files,
    };
  }
  return { version: INDEX_VERSION, assets };
}

/** masko-assets.json text: 2-space JSON, LF, final newline. */
export function indexJson(index: AssetIndex): string {
  return JSON.stringify(index, null, 2) + '\n';
}

/** The URL of a project file under `output.public_path` (the file must be inside `output.dir`). */
export function publicUrl(manifest: Manifest, path: string): string {
  const base = manifest.output.publicPath ?? '';
  return `${base}/${relativeTo(manifest.output.dir, path)}`;
}

/** A POSIX path from folder `from` to project path `to` (both project-relative; "." is the project folder). */
export function relativeTo(from: string, to: string): string {
  return posix.relative(from === '.' ? '' : from, to);
}

/** `variant_of`, `size`, `format` (and `derived`) of a variant key; nothing for a plain key. */
function variantFields(key: string, path: string, local: boolean): Pick<IndexFile, 'variant_of' | 'size' | 'format' | 'derived'> {
  const v = parseVariantKey(key);
  if (!v) return {};
  return {
    variant_of: v.base,
    ...(v.size !== undefined ? { size: v.size } : {}),
    format: v.format ?? posix.extname(path).slice(1).toLowerCase(),
    ...(local ? { derived: true as const } : {}),
  };
}

/** Width, height and duration in a fixed key order (so the JSON never depends on probe order). */
function mediaFields(info: MediaInfo | undefined): Pick<IndexFile, 'width' | 'height' | 'duration'> {
  if (!info) return {};
  return {
    ...(info.width !== undefined ? { width: info.width } : {}),
    ...(info.height !== undefined ? { height: info.height } : {}),
    ...(info.duration !== undefined ? { duration: info.duration } : {}),
  };
}
