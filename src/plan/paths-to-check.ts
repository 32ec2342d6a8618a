/** Which local files the plan needs to know about (pure). */
import type { Manifest } from '../model/manifest.js';
import type { Lockfile } from '../model/lock.js';
import { targetPath } from './check-files.js';

/** Every locked file path, plus the new path of a locked file whose asset's output moved; sorted, unique. */
export function pathsToCheck(manifest: Manifest, lock: Lockfile | undefined): string[] {
  const paths = new Set<string>();
  for (const [id, entry] of Object.entries(lock?.assets ?? {})) {
    const asset = Object.hasOwn(manifest.assets, id) ? manifest.assets[id] : undefined;
    for (const [key, locked] of Object.entries(entry.files)) {
      paths.add(locked.path);
      if (asset) paths.add(targetPath(asset, key, locked));
    }
  }
  return [...paths].sort();
}
