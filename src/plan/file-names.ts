/** Where an asset's files live on disk: named by id and asset key (pure). */
import { posix } from 'node:path';
import type { Asset } from '../model/manifest.js';

/** Keys with a fixed file name; any other key becomes `<id>-<key>.<ext>`. */
const FIXED: Record<string, (id: string) => string> = {
  image: (id) => `${id}.png`,
  transparent_image: (id) => `${id}-transparent.png`,
  video: (id) => `${id}.mp4`,
  webm: (id) => `${id}.webm`,
  hevc: (id) => `${id}.mov`,
};

/** The file name of asset key `key` of asset `id` (`ext` without the dot, used for open keys). */
export function fileNameFor(id: string, key: string, ext: string): string {
  const fixed = Object.hasOwn(FIXED, key) ? FIXED[key] : undefined;
  return fixed ? fixed(id) : `${id}-${key}.${ext}`;
}

/** Project-relative POSIX path where the asset's `key` file belongs. */
export function expectedPath(asset: Asset, key: string, ext: string): string {
  return posix.join(asset.outputDir, fileNameFor(asset.id, key, ext));
}

/** The extension (without the dot) of a path, for keys whose name carries it. */
export function extensionOf(path: string): string {
  return posix.extname(path).slice(1);
}
