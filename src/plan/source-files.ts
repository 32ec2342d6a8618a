/** The project files a manifest uploads (sources, ends, collection references), sorted, unique (pure). */
import type { Manifest } from '../model/manifest.js';
import { imageSourcesOf } from './life-reasons.js';

/** Project-relative paths of every file source and reference. */
export function sourceFiles(manifest: Manifest): string[] {
  const paths = new Set<string>();
  if (manifest.collection.kind === 'define') for (const r of manifest.collection.references ?? []) if (r.kind === 'file') paths.add(r.path);
  for (const asset of Object.values(manifest.assets)) for (const s of imageSourcesOf(asset)) if (s.kind === 'file') paths.add(s.path);
  return [...paths].sort();
}
