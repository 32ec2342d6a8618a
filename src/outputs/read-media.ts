/**
 * Media info (pixel size, duration) of the completed files an index lists, read from their headers.
 * The previous masko-assets.json is the cache: a file whose lock SHA-256 it already describes is not
 * opened again, nor is one this run read (`known`: as a download wrote it, or once recorded). A
 * file that is missing, or whose size is not the lock's, gets no media info.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import type { Lockfile } from '../model/lock.js';
import type { Manifest } from '../model/manifest.js';
import type { AssetIndex } from './asset-index.js';
import { mimeOf, type MediaInfo } from './media-types.js';
import { sha256File } from '../lockfile/local-state.js';
import { probeMedia } from './probe-media.js';

/** Reads one file's media info (injectable to count reads in tests). */
export type MediaProbe = (absPath: string, mime: string) => Promise<MediaInfo>;

/** Options of readMedia. */
export interface ReadMediaOptions {
  /** The index written last time (its sha256 → media info is the cache). */
  previous?: AssetIndex;
  probe?: MediaProbe;
  /** Files probed at once. */
  concurrency?: number;
  /** Derived files on disk (not in the lock) with their size and hash: probed as well. */
  derived?: ReadonlyMap<string, { bytes: number; sha256: string }>;
  /** sha256 → media info read earlier in this run (MediaReader), used like the previous index. */
  known?: ReadonlyMap<string, MediaInfo>;
}

/** project-relative path → media info, for every completed file of the manifest's assets that is on disk intact. */
export async function readMedia(projectDir: string, manifest: Manifest, lock: Lockfile | undefined, opts: ReadMediaOptions = {}): Promise<Map<string, MediaInfo>> {
  const probe = opts.probe ?? probeMedia;
  const cache = cacheOf(opts.previous);
  const known = opts.known ?? new Map<string, MediaInfo>();
  const root = await realpath(projectDir);
  const limit = pLimit(opts.concurrency ?? 8);
  const out = new Map<string, MediaInfo>();
  const jobs: Promise<void>[] = [];
  for (const id of Object.keys(manifest.assets)) {
    const entry = lock && Object.hasOwn(lock.assets, id) ? lock.assets[id] : undefined;
    if (entry?.status !== 'completed') continue;
    for (const file of Object.values(entry.files)) {
      const { path: rel, sha256, bytes } = file;
      if (sha256 === undefined || bytes === undefined || out.has(rel)) continue;
      jobs.push(
        limit(async () => {
          const abs = await insideProject(root, rel);
          // Checked even for bytes this run read (`known`): the same bytes may have been read at another path.
          if (abs === undefined || (await sizeOf(abs)) !== bytes) return;
          const info = known.get(sha256) ?? cache.get(sha256) ?? (await probe(abs, mimeOf(rel)));
          out.set(rel, info);
        }),
      );
    }
  }
  for (const [rel, { sha256, bytes }] of opts.derived ?? []) {
    if (out.has(rel)) continue;
    // Derived facts come from the file on disk just now: what this run read of those bytes stands.
    const fresh = known.get(sha256);
    if (fresh) {
      out.set(rel, fresh);
      continue;
    }
    jobs.push(
      limit(async () => {
        const abs = await insideProject(root, rel);
        if (abs === undefined || (await sizeOf(abs)) !== bytes) return;
        out.set(rel, cache.get(sha256) ?? (await probe(abs, mimeOf(rel))));
      }),
    );
  }
  await Promise.all(jobs);
  return out;
}

/**
 * Reads the media info of files as a sync records them, while the rest of the run goes on, so that
 * the index at its end has only the last files left to read. Keyed by sha256: a file fetched again
 * (a placeholder) has another hash, so nothing read here can describe other bytes.
 */
export class MediaReader {
  readonly known = new Map<string, MediaInfo>();
  private readonly pending: Promise<void>[] = [];
  private readonly limit = pLimit(2);
  private root: Promise<string> | undefined;

  constructor(
    private readonly projectDir: string,
    private readonly probe: MediaProbe = probeMedia,
  ) {}

  /** Reads these recorded files in the background (one that is missing, resized or outside is skipped). */
  add(files: Iterable<{ path: string; sha256?: string; bytes?: number }>): void {
    for (const { path: rel, sha256, bytes } of files) {
      if (sha256 === undefined || bytes === undefined || this.known.has(sha256)) continue;
      this.pending.push(
        this.limit(async () => {
          this.root ??= realpath(this.projectDir);
          const abs = await insideProject(await this.root, rel);
          if (abs === undefined || (await sizeOf(abs)) !== bytes) return;
          this.known.set(sha256, await this.probe(abs, mimeOf(rel)));
        }).catch(() => undefined),
      );
    }
  }

  /** Resolves once every file added so far has been read (or skipped). */
  async settled(): Promise<ReadonlyMap<string, MediaInfo>> {
    await Promise.all(this.pending);
    return this.known;
  }
}

/**
 * Size and hash of the derived files masko.lock records that are on disk (for an index written
 * without making them, as the Vite plugin does): from the previous index when it describes a file
 * of that size, else hashed.
 */
export async function readDerivedFacts(projectDir: string, manifest: Manifest, lock: Lockfile, previous?: AssetIndex): Promise<Map<string, { bytes: number; sha256: string }>> {
  const known = new Map<string, { bytes?: number; sha256?: string }>();
  for (const entry of Object.values(previous?.assets ?? {})) for (const f of Object.values(entry?.files ?? {})) if (f?.derived) known.set(f.path, f);
  const root = await realpath(projectDir);
  const out = new Map<string, { bytes: number; sha256: string }>();
  for (const id of Object.keys(manifest.assets)) {
    const entry = Object.hasOwn(lock.assets, id) ? lock.assets[id] : undefined;
    if (entry?.status !== 'completed') continue;
    for (const d of Object.values(entry.derived ?? {})) {
      const abs = await insideProject(root, d.path);
      const bytes = abs === undefined ? undefined : await sizeOf(abs);
      if (abs === undefined || bytes === undefined) continue;
      const seen = known.get(d.path);
      out.set(d.path, { bytes, sha256: seen?.bytes === bytes && seen.sha256 ? seen.sha256 : await sha256File(abs) });
    }
  }
  return out;
}

/** The previous index file, if it is one this version wrote; anything else is no cache. */
export async function readPreviousIndex(absPath: string): Promise<AssetIndex | undefined> {
  try {
    const data = JSON.parse(await readFile(absPath, 'utf8')) as Partial<AssetIndex>;
    if (data.version === 2 && typeof data.assets === 'object' && data.assets !== null) return data as AssetIndex;
  } catch {
    // Missing or not JSON: every file is read once.
  }
  return undefined;
}

/** sha256 → media info of the files the previous index has dimensions or a duration for. */
function cacheOf(previous: AssetIndex | undefined): Map<string, MediaInfo> {
  const cache = new Map<string, MediaInfo>();
  for (const entry of Object.values(previous?.assets ?? {})) {
    for (const f of Object.values(entry?.files ?? {})) {
      if (typeof f?.sha256 !== 'string') continue;
      const info: MediaInfo = {};
      if (typeof f.width === 'number' && typeof f.height === 'number') Object.assign(info, { width: f.width, height: f.height });
      if (typeof f.duration === 'number') info.duration = f.duration;
      if (Object.keys(info).length > 0) cache.set(f.sha256, info);
    }
  }
  return cache;
}

/** The absolute path of a project file, unless it resolves outside the project (a symlink) or does not exist. */
async function insideProject(root: string, rel: string): Promise<string | undefined> {
  if (rel === '' || rel.startsWith('/') || rel.includes('\\') || /(^|\/)\.\.(\/|$)/.test(rel)) return undefined;
  try {
    const real = await realpath(path.join(root, ...rel.split('/')));
    return real.startsWith(root + path.sep) ? real : undefined;
  } catch {
    return undefined;
  }
}

async function sizeOf(abs: string): Promise<number | undefined> {
  try {
    const st = await stat(abs);
    return st.isFile() ? st.size : undefined;
  } catch {
    return undefined;
  }
}
