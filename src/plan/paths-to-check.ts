/** Which local files the plan needs to know about (pure). */
import type { Manifest } from '../model/manifest.js';
import type { Lockfile } from '../model/lock.js';
import { targetPath } from './check-files.js';
import { knownFiles } from '../manifest/known-files.js';
import { expectedPath } from './file-names.js';
import { sourceFiles } from './source-files.js';
import { variantTargets } from './plan-variants.js';

/**
 * Every locked file path, the new path of a locked file whose asset's output moved, and every path
 * a generation of a manifest asset would write (to find files in the way); sorted, unique.
 */
export function pathsToCheck(manifest: Manifest, lock: Lockfile | undefined): string[] {
  const paths = new Set<string>();
  // Where a generation would write (its locked keys are added below, with their new place).
  for (const asset of Object.values(manifest.assets)) for (const [key, ext] of knownFiles(asset)) paths.add(expectedPath(asset, key, ext));
  // Files uploaded as sources or references: their bytes decide what is uploaded and regenerated.
  for (const path of sourceFiles(manifest)) paths.add(path);
  for (const [id, entry] of Object.entries(lock?.assets ?? {})) {
    const asset = Object.hasOwn(manifest.assets, id) ? manifest.assets[id] : undefined;
    for (const [key, locked] of Object.entries(entry.files)) {
      paths.add(locked.path);
      if (asset) paths.add(targetPath(asset, key, locked));
    }
    for (const derived of Object.values(entry.derived ?? {})) paths.add(derived.path);
    // Where its variants belong now (new ones, and derived ones whose folder moved).
    if (asset && (asset.sizes || asset.formats)) for (const { path } of variantTargets(asset, entry)) paths.add(path);
  }
  return [...paths].sort();
}
