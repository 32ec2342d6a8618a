/** The plan: manifest + graph + lock + local file state in, actions in dependency waves out (pure). */
import type { AssetGraph, Manifest } from '../model/manifest.js';
import type { Lockfile } from '../model/lock.js';
import type { LocalFiles, Plan, PlanAction, PlanStep, PlanSummary } from '../model/plan.js';
import { lockOwners, stepConflicts, type Overwrite } from './conflicts.js';
import { planAsset } from './plan-asset.js';
import { applyMoves } from './apply-moves.js';
import { planLife } from './plan-life.js';

/** Every action, in the order the summary names them. */
export const PLAN_ACTIONS: readonly PlanAction[] = [
  'create',
  'regenerate',
  'resume',
  'rename',
  'restore',
  'relocate',
  'derive',
  'unchanged',
  'orphan',
];

/** Options of buildPlan: the local file state, and a collection id that overrides manifest and lock. */
export interface BuildPlanOptions {
  files: LocalFiles;
  collection?: string;
  /** Paths adopted on purpose (`--overwrite`): a file there is not a conflict. */
  overwrite?: Overwrite;
  /** `--reroll`: assets to make again with the same inputs (paid). */
  reroll?: ReadonlySet<string>;
}

/**
 * Decides one action per asset. The collection is `options.collection`, else the manifest's id,
 * else the lock's; a defined collection not yet created plans with null and a `new:<name>` placeholder.
 */
export function buildPlan(manifest: Manifest, graph: AssetGraph, lockAsRead: Lockfile | undefined, options: BuildPlanOptions): Plan {
  // `moved:` entries take over their old lock entries first (the applier starts from the same moved lock).
  const { lock, moves } = applyMoves(manifest, lockAsRead);
  const collection = planCollection(manifest, lock, options);
  const fpCollection = fingerprintCollection(manifest, collection);
  const steps = new Map<string, PlanStep>();
  const waves: PlanStep[][] = [];
  const owners = lockOwners(lock);
  for (const wave of wavesOf(manifest, graph)) {
    const planned = wave.map((id) => {
      const asset = manifest.assets[id]!;
      const step = planAsset(asset, {
        collection: fpCollection,
        lock,
        files: options.files,
        dependsOn: graph.dependsOn[id] ?? [],
        steps,
        ...(options.reroll?.has(id) ? { reroll: true } : {}),
      });
      const conflicts = stepConflicts(asset, step, { lock, files: options.files, owners, overwrite: options.overwrite });
      if (conflicts.length > 0) step.conflicts = conflicts;
      steps.set(id, step);
      return step;
    });
    if (planned.length > 0) waves.push(planned);
  }
  const orphans = orphanSteps(manifest, lock);
  if (orphans.length > 0) waves.push(orphans);
  return { format_version: 1, collection, summary: summarize(waves), waves, ...planLife(manifest, lock, options.files, waves.flat(), collection, moves) };
}

/** The collection as it enters fingerprints: the id, or `new:<name>` for a collection not created yet. */
export function fingerprintCollection(manifest: Manifest, collection: string | null): string {
  return collection ?? `new:${manifest.collection.kind === 'define' ? manifest.collection.name : ''}`;
}

/** The collection id the plan works in, or null when a defined collection will be created. */
export function planCollection(manifest: Manifest, lock: Lockfile | undefined, options: BuildPlanOptions): string | null {
  if (options.collection !== undefined) return options.collection;
  if (manifest.collection.kind === 'id') return manifest.collection.id;
  return lock?.collection ?? null;
}

/** The graph's waves restricted to this manifest's assets; any asset the graph missed goes last. */
function wavesOf(manifest: Manifest, graph: AssetGraph): string[][] {
  const seen = new Set<string>();
  const waves = graph.waves.map((w) =>
    w.filter((id) => Object.hasOwn(manifest.assets, id) && !seen.has(id) && seen.add(id)),
  );
  const rest = Object.keys(manifest.assets).filter((id) => !seen.has(id));
  return rest.length > 0 ? [...waves, rest] : waves;
}

/** Lock entries the manifest no longer has, sorted by id (a dropped reverse clip included). */
function orphanSteps(manifest: Manifest, lock: Lockfile | undefined): PlanStep[] {
  if (!lock) return [];
  return Object.keys(lock.assets)
    .filter((id) => !Object.hasOwn(manifest.assets, id))
    .sort()
    .map((id) => {
      const entry = lock.assets[id]!;
      const parent = entry.reverse_of;
      const reason =
        parent !== undefined && Object.hasOwn(manifest.assets, parent)
          ? `reverse of ${parent}, which no longer has this reverse`
          : 'in the lock, not in the manifest';
      return { id, action: 'orphan', reason, credits: 0, depends_on: [], kind: entry.type ?? null };
    });
}

/** Counts per action, the credit total and the conflicts of a plan's waves. */
export function summarize(waves: PlanStep[][]): PlanSummary {
  const summary = Object.fromEntries(PLAN_ACTIONS.map((a) => [a, 0])) as PlanSummary;
  summary.credits = 0;
  summary.conflicts = 0;
  for (const step of waves.flat()) {
    summary[step.action] += 1;
    summary.credits += step.credits;
    summary.conflicts += step.conflicts?.length ?? 0;
  }
  return summary;
}
