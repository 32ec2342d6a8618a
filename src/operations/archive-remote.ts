/**
 * `prune --remote`: besides the local prune, archives in Masko (PATCH /v1/items/:id {archived: true},
 * free, reversible there) the items masko.lock names for assets the manifest no longer has, and the
 * items regenerations left behind (`superseded_items`: a regenerated transition's old reverse clip).
 * Only items the lock names, never one a kept asset still uses (an edit's item is its source's);
 * after a dry run and a confirmation (the caller's `confirm`, or `yes`).
 */
import { ApiError } from '../api/errors.js';
import { writeLock } from '../lockfile/index.js';
import type { Lockfile } from '../model/lock.js';
import type { Plan } from '../model/plan.js';
import { applyMoves, buildPlan } from '../plan/index.js';
import { openApi } from './api-session.js';
import type { OperationContext } from './context.js';
import { OperationError } from './errors.js';
import { ExitCode } from './exit-codes.js';
import { localFiles, loadProject } from './project.js';
import { pruneOrphans, type PruneReport } from './prune.js';
import { plural } from './words.js';

/** One item to archive, and why. */
export interface ArchiveTarget {
  item_id: string;
  /** The lock entry that names it. */
  asset: string;
  /** orphan: the asset left the manifest; superseded: a regeneration left this item behind. */
  reason: 'orphan' | 'superseded';
}

/** An item the lock names that is not archived, and why. */
export interface ArchiveKept {
  item_id: string;
  asset: string;
  reason: string;
}

export interface ArchiveRemoteOptions {
  file?: string;
  /** List what would be archived and removed; change nothing. */
  dryRun?: boolean;
  /** Confirmed beforehand (CI). */
  yes?: boolean;
  emulator?: boolean;
  /** Asks a person (the CLI on a terminal); without it and without `yes`, nothing is archived (exit 4). */
  confirm?: (targets: ArchiveTarget[]) => Promise<boolean>;
  onEvent?: (event: ArchiveEvent) => void;
}

export type ArchiveEvent =
  | { type: 'archived'; target: ArchiveTarget }
  | { type: 'archive_failed'; target: ArchiveTarget; message: string };

export interface ArchiveReport {
  dryRun: boolean;
  /** What is (or, in a dry run, would be) archived. */
  targets: ArchiveTarget[];
  kept: ArchiveKept[];
  archived: ArchiveTarget[];
  failed: Array<ArchiveTarget & { message: string }>;
  /** false when a person declined. */
  confirmed: boolean;
  /** The local prune (orphans whose archive failed stay in the lock, to be tried again). */
  prune: PruneReport;
  exitCode: number;
}

/** Lists (dry run) or archives the removed assets' items, then prunes the lock and the files. */
export async function pruneRemote(octx: OperationContext, options: ArchiveRemoteOptions = {}): Promise<ArchiveReport> {
  const project = await loadProject(octx, options.file, { runLock: 'prune' });
  try {
    const files = await localFiles(project);
    const plan = buildPlan(project.manifest, project.graph, project.lock, { files });
    const lock = applyMoves(project.manifest, project.lock).lock;
    const { targets, kept } = archiveTargets(plan, lock, project.manifest.assets);
    const dry = await pruneOrphans(project, plan, files, { dryRun: true });
    const base = { targets, kept, archived: [], failed: [], prune: dry };
    if (options.dryRun) return { ...base, dryRun: true, confirmed: false, exitCode: ExitCode.ok };
    if (targets.length > 0 && !options.yes) {
      if (!options.confirm) {
        throw new OperationError(`prune --remote would archive ${plural(targets.length, 'item')} in Masko: run it on a terminal to confirm, or pass --yes (CI). Nothing was changed.`, ExitCode.invalid);
      }
      if (!(await options.confirm(targets))) return { ...base, dryRun: false, confirmed: false, exitCode: ExitCode.failure };
    }
    const archived: ArchiveTarget[] = [];
    const failed: ArchiveReport['failed'] = [];
    if (targets.length > 0) {
      const session = await openApi(octx, { emulator: options.emulator ?? false, projectDir: project.dir });
      try {
        for (const t of targets) {
          if (octx.signal?.aborted) break;
          try {
            await session.api.archiveItem(t.item_id, octx.signal);
          } catch (err) {
            // Gone already: nothing is left to archive.
            if (!(err instanceof ApiError && err.status === 404)) {
              failed.push({ ...t, message: (err as Error).message });
              options.onEvent?.({ type: 'archive_failed', target: t, message: (err as Error).message });
              continue;
            }
          }
          archived.push(t);
          options.onEvent?.({ type: 'archived', target: t });
        }
      } finally {
        await session.close();
      }
    }
    // An orphan whose item could not be archived stays in the lock: the next prune --remote tries again.
    const retry = new Set(failed.filter((f) => f.reason === 'orphan').map((f) => f.asset));
    const keptPlan: Plan = { ...plan, waves: plan.waves.map((w) => w.filter((s) => !(s.action === 'orphan' && retry.has(s.id)))) };
    const changed = project.lock ? forgetSuperseded(project.lock, new Set(archived.filter((a) => a.reason === 'superseded').map((a) => a.item_id))) : false;
    const prune = await pruneOrphans(project, keptPlan, files, { dryRun: false });
    if (changed && !prune.removed) await writeLock(project.lockPath, project.lock!);
    const interrupted = octx.signal?.aborted === true;
    return { ...base, dryRun: false, confirmed: true, archived, failed, prune, exitCode: interrupted ? ExitCode.interrupted : failed.length > 0 ? ExitCode.failure : ExitCode.ok };
  } finally {
    await project.runLock?.release();
  }
}

/**
 * The items to archive: each orphan's item and the superseded items of every entry, never an item a
 * kept entry (an asset of the manifest) records as its own, each item once.
 */
export function archiveTargets(plan: Plan, lock: Lockfile | undefined, manifestAssets: Record<string, unknown>): { targets: ArchiveTarget[]; kept: ArchiveKept[] } {
  const targets: ArchiveTarget[] = [];
  const kept: ArchiveKept[] = [];
  if (!lock) return { targets, kept };
  const inUse = new Map<string, string>();
  for (const [id, entry] of Object.entries(lock.assets)) if (Object.hasOwn(manifestAssets, id) && entry.item_id) inUse.set(entry.item_id, id);
  const seen = new Set<string>();
  const consider = (item: string, asset: string, reason: ArchiveTarget['reason']) => {
    if (seen.has(item)) return;
    seen.add(item);
    const user = inUse.get(item);
    if (user !== undefined) kept.push({ item_id: item, asset, reason: `still the item of "${user}"${user === asset ? '' : ` (an edit adds its files to its source's item)`}` });
    else targets.push({ item_id: item, asset, reason });
  };
  const orphans = new Set(plan.waves.flat().filter((s) => s.action === 'orphan').map((s) => s.id));
  for (const id of [...orphans].sort()) {
    const entry = lock.assets[id]!;
    if (entry.item_id) consider(entry.item_id, id, 'orphan');
    else kept.push({ item_id: '', asset: id, reason: 'masko.lock records no item for it (its job never said one)' });
  }
  for (const [id, entry] of Object.entries(lock.assets).sort(([a], [b]) => (a < b ? -1 : 1))) for (const item of entry.superseded_items ?? []) consider(item, id, 'superseded');
  return { targets, kept };
}

/** Removes archived items from every entry's `superseded_items`; whether anything changed. */
function forgetSuperseded(lock: Lockfile, archived: ReadonlySet<string>): boolean {
  let changed = false;
  for (const entry of Object.values(lock.assets)) {
    if (!entry.superseded_items?.some((i) => archived.has(i))) continue;
    entry.superseded_items = entry.superseded_items.filter((i) => !archived.has(i));
    if (entry.superseded_items.length === 0) delete entry.superseded_items;
    changed = true;
  }
  return changed;
}
