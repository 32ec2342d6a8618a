/**
 * What the Vite plugin knows about a masko project: the manifest, the lock, the index built from
 * them and the files on disk, and whether masko.yaml is ahead of masko.lock. Reads files only:
 * it never calls the API, so it can never spend credits.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { buildGraph } from '../graph/index.js';
import { readLocalFiles, readLock } from '../lockfile/index.js';
import { loadManifest, renderDiagnostics } from '../manifest/index.js';
import type { Lockfile } from '../model/lock.js';
import type { Manifest } from '../model/manifest.js';
import type { PlanStep } from '../model/plan.js';
import { buildPlan, sourceFiles } from '../plan/index.js';
import { buildIndex, type AssetIndex } from '../outputs/asset-index.js';
import { readDerivedFacts, readMedia, readPreviousIndex } from '../outputs/read-media.js';
import { INDEX_FILE } from '../outputs/write-outputs.js';

/** A loaded project, or why it could not be loaded (a message for the terminal and the overlay). */
export type ProjectState =
  | { ok: true; dir: string; manifest: Manifest; lock: Lockfile | undefined; index: AssetIndex; ahead: PlanStep[] }
  | { ok: false; message: string };

/** Actions that need a sync that generates (and so costs credits): the manifest is ahead of the lock. */
const AHEAD = new Set(['create', 'regenerate', 'resume']);

/** Loads masko.yaml and masko.lock beside it, and builds the index and the plan. */
export async function loadProjectState(manifestPath: string): Promise<ProjectState> {
  const dir = path.dirname(manifestPath);
  const name = path.basename(manifestPath);
  let text: string;
  try {
    text = await readFile(manifestPath, 'utf8');
  } catch (err) {
    return { ok: false, message: `cannot read ${manifestPath}: ${(err as Error).message}` };
  }
  const loaded = loadManifest(text);
  if (!loaded.manifest) return { ok: false, message: `${name} is not valid:\n${renderDiagnostics(text, name, loaded.diagnostics)}` };
  const manifest = loaded.manifest;
  let lock: Lockfile | undefined;
  try {
    lock = await readLock(path.join(dir, 'masko.lock'));
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
  // create, regenerate and resume are decided from manifest and lock alone, and the bytes of the
  // files it uploads (`source: ./art/…`); other local files only decide the free restores, which are
  // `masko-sync pull`'s business, so no other file is hashed here.
  const sources = sourceFiles(manifest);
  const files = sources.length > 0 ? await readLocalFiles(dir, sources) : {};
  const plan = buildPlan(manifest, buildGraph(manifest), lock, { files });
  const ahead = plan.waves.flat().filter((s) => AHEAD.has(s.action));
  const previous = await readPreviousIndex(path.join(dir, ...manifest.output.dir.split('/'), INDEX_FILE));
  const derived = lock ? await readDerivedFacts(dir, manifest, lock, previous) : new Map();
  const media = await readMedia(dir, manifest, lock, { ...(previous ? { previous } : {}), derived });
  return { ok: true, dir, manifest, lock, index: buildIndex(manifest, lock, media, derived), ahead };
}

/** One paragraph for the terminal and the overlay: what is ahead, what it would cost, what to run. */
export function aheadMessage(steps: PlanStep[], manifestName: string): string {
  const groups = (['create', 'regenerate', 'resume'] as const)
    .map((action) => {
      const of = steps.filter((s) => s.action === action);
      if (of.length === 0) return undefined;
      const list = of.map((s) => (action === 'create' ? s.id : `${s.id}: ${s.reason}`)).join('; ');
      return `${of.length} to ${action} (${list})`;
    })
    .filter((g): g is string => g !== undefined);
  const credits = steps.reduce((sum, s) => sum + s.credits, 0);
  return (
    `${manifestName} is ahead of masko.lock: ${groups.join(', ')}; about ${credits} credit${credits === 1 ? '' : 's'}.\n` +
    'Run `npx masko-sync` to generate them (this plugin never does). Until then those assets keep their old files or have status "missing".'
  );
}
