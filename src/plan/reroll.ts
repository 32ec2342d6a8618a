/** `--reroll <ids>`: which ids can be made again with the same inputs, and why the others cannot (pure). */
import type { Lockfile } from '../model/lock.js';
import type { Manifest } from '../model/manifest.js';
import { namedWithHint } from './unknown-ids.js';

/** The problems of a --reroll list, one message per id that cannot be re-rolled (empty when all can). */
export function rerollProblems(manifest: Manifest, lock: Lockfile | undefined, ids: readonly string[]): string[] {
  const out: string[] = [];
  for (const id of ids) {
    const asset = Object.hasOwn(manifest.assets, id) ? manifest.assets[id] : undefined;
    const entry = lock && Object.hasOwn(lock.assets, id) ? lock.assets[id] : undefined;
    if (!asset) out.push(`--reroll names ${namedWithHint(id, Object.keys(manifest.assets))}, which is not an asset of the manifest`);
    else if (asset.kind === 'reverse') out.push(`--reroll names "${id}", a reverse clip: it is made by its transition; re-roll "${asset.parent}"`);
    else if (asset.imported) out.push(`--reroll names "${id}", which is imported: what made it is unknown (write its prompts and remove \`imported: true\` to make it again)`);
    else if (entry?.status === 'pending') out.push(`--reroll names "${id}", whose job is still pending: let it finish first (a sync resumes it, free)`);
  }
  return out;
}
