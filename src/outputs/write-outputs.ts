/** Writes the asset index (JSON, optional TS module) atomically, only when its content changes. */
import { writeIfChanged } from '../lockfile/atomic-write.js';
import type { Lockfile } from '../model/lock.js';
import type { Manifest } from '../model/manifest.js';
import { buildIndex, indexJson, indexModule } from './asset-index.js';
import { resolveInside } from './safe-path.js';

/** Index file name inside output.dir. */
export const INDEX_FILE = 'masko-assets.json';

/** Writes `<output.dir>/masko-assets.json` and `output.typescript`; returns the paths written. */
export async function writeOutputs(projectDir: string, manifest: Manifest, lock: Lockfile): Promise<string[]> {
  const index = buildIndex(manifest, lock);
  const written: string[] = [];
  const targets: Array<[string, string]> = [[`${manifest.output.dir}/${INDEX_FILE}`, indexJson(index)]];
  if (manifest.output.typescript) targets.push([manifest.output.typescript, indexModule(index)]);
  for (const [rel, text] of targets) {
    const abs = await resolveInside(projectDir, rel);
    if (await writeIfChanged(abs, text)) written.push(rel);
  }
  return written;
}
