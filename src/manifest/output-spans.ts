/** The output folders of a manifest, for checks made later on disk (pure, and cheap: no YAML parser is loaded). */
import type { Manifest } from '../model/manifest.js';

/** One output folder of the manifest and the field that decides it. */
export interface OutputFolder {
  /** Project-relative POSIX folder ("." for the project folder). */
  dir: string;
  /** The path of the deciding field, e.g. ['output', 'dir'] or ['assets', 'logo', 'output']. */
  field: string[];
}

/**
 * Every folder the manifest writes into: `output.dir` (the index), each asset's folder (its own
 * `output`, its transition's for a reverse clip, else `output.dir`) and the TypeScript module's folder.
 * Unique by folder, in manifest order. Cheap: no parsing (the manifest may come from the cache).
 */
export function outputFolders(manifest: Manifest): OutputFolder[] {
  const out = new Map<string, OutputFolder>();
  const add = (dir: string, field: string[]) => void (out.has(dir) || out.set(dir, { dir, field }));
  add(manifest.output.dir, ['output', 'dir']);
  for (const asset of Object.values(manifest.assets)) {
    const owner = asset.kind === 'reverse' ? asset.parent : asset.id;
    add(asset.outputDir, asset.outputDir === manifest.output.dir ? ['output', 'dir'] : ['assets', owner, 'output']);
  }
  if (manifest.output.typescript) {
    const slash = manifest.output.typescript.lastIndexOf('/');
    add(slash < 0 ? '.' : manifest.output.typescript.slice(0, slash), ['output', 'typescript']);
  }
  return [...out.values()];
}
