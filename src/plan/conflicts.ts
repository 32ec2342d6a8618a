/**
 * Ownership: masko-sync writes, moves and deletes only files it owns, i.e. paths masko.lock
 * records for that asset (named by the naming rule, checked when the lock is read) or paths where
 * nothing exists yet. Any other file at a path a step would write is a conflict, shown in the plan
 * and refused by a sync before anything is spent (pure).
 */
import { knownFiles } from '../manifest/known-files.js';
import type { Asset } from '../model/manifest.js';
import type { LockEntry, Lockfile } from '../model/lock.js';
import type { LocalFiles, PlanConflict, PlanStep } from '../model/plan.js';
import { isIntact } from './check-files.js';
import { entryPaths } from './entry-paths.js';
import { expectedPath, extensionOf } from './file-names.js';
import { variantPath, variantTargets } from './plan-variants.js';

/** Paths the user adopted on purpose (`--overwrite <paths|all>`): no conflict there. */
export interface Overwrite {
  all: boolean;
  paths: ReadonlySet<string>;
}

/** Who records each path in the lock: path → asset id. */
export function lockOwners(lock: Lockfile | undefined): Map<string, string> {
  const owners = new Map<string, string>();
  for (const [id, entry] of Object.entries(lock?.assets ?? {})) for (const path of entryPaths(entry)) owners.set(path, id);
  return owners;
}

/**
 * Every path a generation of `asset` may write, where it belongs now: the known files of its kind and
 * its locked keys (`lockedOnly`: just the locked keys, for a pending job whose keys are recorded).
 */
export function writtenPaths(asset: Asset, entry: LockEntry | undefined, lockedOnly = false): Array<{ key: string; path: string }> {
  const out = new Map<string, string>();
  if (!lockedOnly) for (const [key, ext] of knownFiles(asset)) out.set(key, expectedPath(asset, key, ext));
  for (const [key, f] of Object.entries(entry?.files ?? {})) out.set(key, expectedPath(asset, key, extensionOf(f.path)));
  if (entry && !lockedOnly) for (const { key, path } of variantTargets(asset, entry)) out.set(key, path);
  return [...out].map(([key, path]) => ({ key, path }));
}

/** The conflicts of one planned step (empty when it writes only what it owns). */
export function stepConflicts(
  asset: Asset,
  step: PlanStep,
  ctx: { lock: Lockfile | undefined; files: LocalFiles; owners: ReadonlyMap<string, string>; overwrite?: Overwrite },
): PlanConflict[] {
  const entry = ctx.lock && Object.hasOwn(ctx.lock.assets, asset.id) ? ctx.lock.assets[asset.id] : undefined;
  const out: PlanConflict[] = [];
  const check = (path: string, ownedHere: boolean, intactHere: boolean) => {
    if (ctx.overwrite?.all || ctx.overwrite?.paths.has(path)) return;
    const state = Object.hasOwn(ctx.files, path) ? ctx.files[path] : undefined;
    if (!state?.exists || ownedHere || intactHere) return;
    const owner = ctx.owners.get(path);
    const reason = state.symlink
      ? 'a symlink masko-sync did not make stands there'
      : owner !== undefined && owner !== asset.id
        ? `masko.lock records this file for "${owner}", not "${asset.id}"`
        : 'a file masko-sync did not make (it is not in masko.lock) is already there';
    out.push({ path, reason });
  };
  switch (step.action) {
    case 'create':
    case 'regenerate':
    case 'resume':
      for (const { key, path } of writtenPaths(asset, entry, step.action === 'resume')) {
        // Only a file the lock records for this asset and key may be replaced (and never a symlink: the lock did not make one).
        const locked = entry?.files[key] ?? entry?.derived?.[key];
        check(path, locked?.path === path && !ctx.files[path]?.symlink, false);
      }
      break;
    case 'relocate':
      for (const move of step.relocate ?? []) {
        const locked = entry?.files[move.key];
        // The locked content already at the new place is a half-done move of ours.
        check(move.to, false, locked !== undefined && isIntact(locked, move.to, ctx.files));
      }
      break;
    case 'derive':
      // A new variant is written where the manifest puts it; one the lock records there is ours.
      for (const key of step.derive ?? []) {
        const path = entry ? variantPath(asset, entry, key) : undefined;
        if (path !== undefined) check(path, entry?.derived?.[key]?.path === path || entry?.files[key]?.path === path, false);
      }
      break;
    case 'rename':
    case 'restore':
    case 'unchanged':
    case 'orphan':
      // A restore writes only the path the lock records for this asset.
      break;
    default: {
      const never: never = step.action;
      throw new Error(`unknown action ${String(never)}`);
    }
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
