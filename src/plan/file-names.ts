/** Where an asset's files live on disk: named by id and asset key (pure). */
import { posix } from 'node:path';
import { fileNameFor } from '../manifest/file-names.js';
import type { Asset } from '../model/manifest.js';

export { fileNameFor };

/** Project-relative POSIX path where the asset's `key` file belongs. */
export function expectedPath(asset: Asset, key: string, ext: string): string {
  return posix.join(asset.outputDir, fileNameFor(asset.id, key, ext));
}

/** The extension (without the dot) of a path, for keys whose name carries it. */
export function extensionOf(path: string): string {
  return posix.extname(path).slice(1);
}
