/**
 * Vite emits every asset a module imports, even when tree-shaking then drops the import: a bundle
 * that uses two mascot files would still ship all of them. This removes the masko files that no
 * chunk and no other asset (HTML, CSS) refers to by name.
 */
import path from 'node:path';

/** The parts of Rollup's and Rolldown's output bundle this reads (both Vite 7 and Vite 8 fit). */
type BundleItem =
  | { type: 'chunk'; fileName: string; code: string }
  | { type: 'asset'; fileName: string; source: string | Uint8Array; originalFileNames?: readonly string[] };

/**
 * Deletes from `bundle` the assets emitted for one of `files` (absolute paths) that nothing
 * references; returns their names. Vite records an asset's source relative to the root.
 */
export function pruneUnusedAssets(bundle: Record<string, BundleItem>, files: ReadonlySet<string>, root: string): string[] {
  const candidates = Object.values(bundle).filter(
    (item): item is Extract<BundleItem, { type: 'asset' }> =>
      item.type === 'asset' && (item.originalFileNames ?? []).some((f) => files.has(path.resolve(root, f))),
  );
  if (candidates.length === 0) return [];
  const texts = Object.values(bundle)
    .filter((item) => !candidates.includes(item as Extract<BundleItem, { type: 'asset' }>))
    .map((item) => (item.type === 'chunk' ? item.code : typeof item.source === 'string' ? item.source : undefined))
    .filter((t): t is string => t !== undefined);
  const removed: string[] = [];
  for (const asset of candidates) {
    const name = path.posix.basename(asset.fileName);
    if (texts.some((t) => t.includes(name))) continue;
    delete bundle[asset.fileName];
    removed.push(asset.fileName);
  }
  return removed;
}
