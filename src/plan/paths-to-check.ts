/** Which local files the plan needs to know about (pure). */
import type { Manifest } from '../model/manifest.js';
import type { Lockfile } from '../model/lock.js';
import { targetPath } from './check-files.js';
import { writtenPaths } from './conflicts.js';

/**
 * Every locked file path, the new path of a locked file whose asset's output moved, and every path
 * a generation of a manifest asset would write (to find files in the way); sorted, unique.
 */
export function pathsToCheck(manifest: Manifest, lock: Lockfile | undefined): string[] {
  const paths = new Set<string>();
  for (const asset of Object.values(manifest.assets)) {
    const entry = lock && Object.hasOwn(lock.assets, asset.id) ? lock.assets[asset.id] : undefined;
    for (const { path } of writtenPaths(asset, entry)) paths.add(path);
  }
  for (const [id, entry] of Object.entries(lock?.assets ?? {})) {
    const asset = Object.hasOwn(manifest.assets, id) ? manifest.assets[id] : undefined;
    for (const [key, locked] of Object.entries(entry.files)) {
      paths.add(locked.path);
      if (asset) paths.add(targetPath(asset, key, locked));
    }
  }
  return [...paths].sort();
}
