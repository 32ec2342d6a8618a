/** Step 3 of loading: a valid raw value → the normalised Manifest (defaults, names, reverse clips, output folders). */
import type { Asset, AssetRef, CollectionSpec, ImageFormat, ImageSource, Manifest, ModuleFilesMode } from '../model/manifest.js';
import { isRecord, rawKind, reverseIdOf } from './asset-shape.js';
import { checkSourcePath, looksLikePath } from './image-source.js';
import type { Locator } from './locate.js';
import { checkOutputPath } from './output-path.js';

/** Defaults documented in the schema and docs/manifest.md. */
export const DEFAULTS = { outputDir: 'masko-assets', duration: 4, loop: false, gallery: false } as const;

/** Display name from an id: separators become spaces, first letter upper-cased ("wave-santa" → "Wave santa"). */
export function nameFromId(id: string): string {
  const spaced = id.replace(/[-_]+/g, ' ').trim();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

type Raw = Record<string, unknown>;

/** Builds the Manifest; call only when schema and semantic checks found no error. */
export function normalise(data: Raw, locator: Locator): Manifest {
  const output = isRecord(data.output) ? data.output : {};
  const defaults = isRecord(data.defaults) ? data.defaults : {};
  const dir = normalPath(typeof output.dir === 'string' ? output.dir : DEFAULTS.outputDir);
  const defaultDuration = typeof defaults.duration === 'number' ? defaults.duration : DEFAULTS.duration;
  const defaultLoop = typeof defaults.loop === 'boolean' ? defaults.loop : DEFAULTS.loop;

  const assets: Record<string, Asset> = {};
  const rawAssets = isRecord(data.assets) ? data.assets : {};
  for (const [id, value] of Object.entries(rawAssets)) {
    const raw = value as Raw;
    const kind = rawKind(raw);
    const base = {
      id,
      name: typeof raw.name === 'string' ? raw.name : nameFromId(id),
      outputDir: typeof raw.output === 'string' ? normalPath(raw.output) : dir,
      span: locator.key(['assets', id]),
      ...(typeof raw.revision === 'number' ? { revision: raw.revision } : {}),
      ...(raw.imported === true ? { imported: true } : {}),
      ...variantFields(raw, defaults, kind !== 'animate' && kind !== 'transition'),
    };
    const duration = typeof raw.duration === 'number' ? raw.duration : defaultDuration;
    const loop = typeof raw.loop === 'boolean' ? raw.loop : defaultLoop;
    switch (kind) {
      case 'image':
        assets[id] = { ...base, kind, image_prompt: str(raw.image_prompt) };
        break;
      case 'animation':
        assets[id] = { ...base, kind, image_prompt: str(raw.image_prompt), animation_prompt: str(raw.animation_prompt), duration, loop };
        break;
      case 'animate':
        assets[id] = { ...base, kind, source: ref(raw.source), animation_prompt: str(raw.animation_prompt), duration, loop };
        break;
      case 'transition': {
        const reverseId = reverseIdOf(raw);
        const reverseName = isRecord(raw.reverse) && typeof raw.reverse.name === 'string' ? raw.reverse.name : undefined;
        const reverse = reverseId === undefined ? undefined : { id: reverseId, name: reverseName ?? nameFromId(reverseId) };
        assets[id] = {
          ...base,
          kind,
          source: ref(raw.source),
          end: ref(raw.end),
          animation_prompt: str(raw.animation_prompt),
          duration,
          ...(reverse ? { reverse } : {}),
        };
        if (reverse) {
          const path = typeof raw.reverse === 'string' ? ['assets', id, 'reverse'] : ['assets', id, 'reverse', 'id'];
          // The reverse clip comes right after its transition and lands in the same folder.
          // It is made by the same request, so it has the transition's sizes (and, like it, no image).
          const sizes = base.sizes ? { sizes: base.sizes } : {};
          assets[reverse.id] = { id: reverse.id, name: reverse.name, outputDir: base.outputDir, span: locator.value(path), ...sizes, kind: 'reverse', parent: id };
        }
        break;
      }
      case 'edit':
        assets[id] = { ...base, kind, source: ref(raw.source), edit_instructions: str(raw.edit_instructions) };
        break;
      case 'logo':
        assets[id] = {
          ...base,
          kind,
          logo_description: str(raw.logo_description),
          logo_style_name: str(raw.logo_style_name),
          logo_style_instruction: str(raw.logo_style_instruction),
        };
        break;
      case undefined:
        throw new Error(`normalise: asset "${id}" has no valid type (validation should have rejected it)`);
      default: {
        const never: never = kind;
        throw new Error(`normalise: unhandled kind ${String(never)}`);
      }
    }
  }

  return {
    version: 1,
    collection: collection(data.collection),
    output: {
      dir,
      ...moduleOutput(output),
      gallery: typeof output.gallery === 'boolean' ? output.gallery : DEFAULTS.gallery,
    },
    ...(typeof data.budget === 'number' ? { budget: data.budget } : {}),
    ...(isRecord(data.moved) ? { moved: Object.fromEntries(Object.entries(data.moved).filter((e): e is [string, string] => typeof e[1] === 'string')) } : {}),
    assets,
  };
}

/**
 * `sizes` (largest first) and `formats` of an asset: its own, else the defaults; absent when empty.
 * `hasImage` false: defaults.formats do not apply (an animation of an image has no PNG).
 */
function variantFields(raw: Raw, defaults: Raw, hasImage: boolean): { sizes?: number[]; formats?: ImageFormat[] } {
  const list = (field: 'sizes' | 'formats'): unknown[] => {
    const own = raw[field] ?? defaults[field];
    return Array.isArray(own) ? own : [];
  };
  const sizes = list('sizes').filter((n): n is number => typeof n === 'number').sort((a, b) => b - a);
  const formats = hasImage ? list('formats').filter((f): f is ImageFormat => f === 'webp' || f === 'avif') : [];
  return { ...(sizes.length > 0 ? { sizes } : {}), ...(formats.length > 0 ? { formats } : {}) };
}

/** `output.typescript` (a path or {path, files}) and `output.public_path`, each only when written. */
function moduleOutput(output: Raw): Pick<Manifest['output'], 'typescript' | 'typescriptFiles' | 'publicPath'> {
  const ts = output.typescript;
  const path = typeof ts === 'string' ? ts : isRecord(ts) && typeof ts.path === 'string' ? ts.path : undefined;
  const files = isRecord(ts) && typeof ts.files === 'string' ? (ts.files as ModuleFilesMode) : undefined;
  const publicPath = typeof output.public_path === 'string' ? output.public_path.replace(/\/+$/, '') : undefined;
  return {
    ...(path !== undefined ? { typescript: normalPath(path) } : {}),
    ...(files !== undefined ? { typescriptFiles: files } : {}),
    ...(publicPath !== undefined ? { publicPath } : {}),
  };
}

function collection(value: unknown): CollectionSpec {
  if (typeof value === 'string') return { kind: 'id', id: value };
  const raw = value as Raw;
  const name = str(raw.name);
  const references = Array.isArray(raw.references) ? raw.references.map(imageSource) : undefined;
  // The project defaults to the collection's name, so a fresh account needs only {name, description}.
  return { kind: 'define', name, description: str(raw.description), project: typeof raw.project === 'string' ? raw.project : name, ...(references ? { references } : {}) };
}

function ref(value: unknown): AssetRef {
  if (typeof value === 'string') return looksLikePath(value) ? imageSource(value) : { kind: 'local', id: value };
  const raw = value as Raw;
  if (typeof raw.url === 'string') return { kind: 'url', url: raw.url };
  return { kind: 'external', assetId: str(raw.asset_id) };
}

/** A file path (normalised: "./art/a.png" → "art/a.png") or {url}. */
function imageSource(value: unknown): ImageSource {
  if (typeof value !== 'string') return { kind: 'url', url: str((value as Raw).url) };
  const check = checkSourcePath(value);
  if (!check.ok) throw new Error(`normalise: source path "${value}" should have been rejected`);
  return { kind: 'file', path: check.path };
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function normalPath(path: string): string {
  const check = checkOutputPath(path);
  if (!check.ok) throw new Error(`normalise: output path "${path}" should have been rejected`);
  return check.normalised;
}
