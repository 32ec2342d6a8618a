/** The files a generation of an asset is expected to write: its kind's known keys and the variants it wants of them (pure). */
import type { Asset } from '../model/manifest.js';
import { KNOWN_KEYS } from './file-names.js';
import { parseVariantKey, wantedVariants } from './variant-keys.js';

/** `[key, ext]` of every known file of `asset` and of each size and format variant of them. */
export function knownFiles(asset: Pick<Asset, 'kind' | 'sizes' | 'formats'>): Array<[key: string, ext: string]> {
  const known = KNOWN_KEYS[asset.kind] ?? [];
  if (!asset.sizes && !asset.formats) return known;
  const extOf = new Map(known);
  const variants = wantedVariants(asset, extOf.keys()).map((key): [string, string] => {
    const v = parseVariantKey(key)!;
    return [key, v.format ?? extOf.get(v.base) ?? 'png'];
  });
  return [...known, ...variants];
}
