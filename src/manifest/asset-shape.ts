/** Which model kind a raw (possibly invalid) asset value maps to, decided by its `type` and shape. */
import type { AssetKind } from '../model/manifest.js';

/** Plain-object guard for parsed YAML values. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The kind a raw asset maps to, or undefined when its `type` is unknown. */
export function rawKind(asset: unknown): Exclude<AssetKind, 'reverse'> | undefined {
  if (!isRecord(asset)) return undefined;
  switch (asset.type) {
    case 'image':
    case 'edit':
    case 'logo':
      return asset.type;
    case 'animation':
      if (asset.source === undefined) return 'animation';
      return asset.end === undefined ? 'animate' : 'transition';
    default:
      return undefined;
  }
}

/** The kinds whose result has an `image` file, so they can be a `source` or `end`. */
export const IMAGE_PRODUCING: ReadonlySet<AssetKind> = new Set<AssetKind>(['image', 'animation', 'edit']);

/** The id of a transition's reverse clip, from `reverse: id` or `reverse: {id, name}`. */
export function reverseIdOf(asset: Record<string, unknown>): string | undefined {
  const r = asset.reverse;
  if (typeof r === 'string') return r;
  if (isRecord(r) && typeof r.id === 'string') return r.id;
  return undefined;
}

/** How a reference reads in messages: `animates`, `starts from`, `ends at`, `edits`. */
export function refVerb(kind: AssetKind | undefined, role: 'source' | 'end'): string {
  if (role === 'end') return 'ends at';
  if (kind === 'edit') return 'edits';
  if (kind === 'transition') return 'starts from';
  return 'animates';
}

/** A kind as a noun for messages. */
export function kindLabel(kind: AssetKind): string {
  const labels: Record<AssetKind, string> = {
    image: 'an image',
    animation: 'an animation made from a prompt',
    animate: 'an animation of an image',
    transition: 'a transition',
    edit: 'an edit',
    logo: 'a logo pack',
    reverse: 'a reverse clip',
  };
  return labels[kind];
}
