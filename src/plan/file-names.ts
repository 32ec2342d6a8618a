/** Where an asset's files live on disk: named by id and asset key (pure). */
import { posix } from 'node:path';
import { fileNameFor } from '../manifest/file-names.js';
import type { Asset } from '../model/manifest.js';

export { fileNameFor };

const NOT_NORMAL = /(^|\/)\.{1,2}(\/|$)|\/\/|\/$|^\/|^$/;

/** Project-relative POSIX path where the asset's `key` file belongs. */
export function expectedPath(asset: Asset, key: string, ext: string): string {
  // The manifest loader normalises outputDir ("." or "a/b"): then plain concatenation is what
  // posix.join gives, without its cost on every file of a large plan.
  const name = fileNameFor(asset.id, key, ext);
  const dir = asset.outputDir;
  if (dir === '.') return name;
  return NOT_NORMAL.test(dir) ? posix.join(dir, name) : `${dir}/${name}`;
}

/** The extension (without the dot) of a path, for keys whose name carries it. */
export function extensionOf(path: string): string {
  return posix.extname(path).slice(1);
}
