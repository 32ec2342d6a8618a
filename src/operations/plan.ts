/** `plan` as a library function: what a sync would do, why, and what it would cost; offline, no key. */
import type { Plan } from '../model/plan.js';
import type { OperationContext } from './context.js';
import { OperationError } from './errors.js';
import { ExitCode } from './exit-codes.js';
import { localFiles, openProject, stateFile } from './project.js';
import { memoKey, recallPlan, rememberPlan } from './plan-memo.js';
import type { Seen } from '../lockfile/stat-pass.js';
import { collectionChanges } from '../plan/plan-life.js';

/**
 * Loads the project (manifest, lock, local files) and plans it; `only` keeps those assets and their
 * dependencies. A plan of the same manifest, lock and files as last time comes from the memo
 * (`.masko/plan-memo.json`, see plan-memo.ts); a reroll is always planned afresh.
 */
export async function planSync(octx: Pick<OperationContext, 'cwd'>, options: { file?: string; only?: string[]; reroll?: string[] } = {}): Promise<{ plan: Plan; displayName: string }> {
  const opened = await openProject(octx, options.file);
  const memoFile = opened.keys && !options.reroll?.length ? await stateFile(opened.dir, 'plan-memo.json') : undefined;
  const key = memoFile && opened.keys ? await memoKey(opened.keys.manifest, opened.keys.lock) : undefined;
  let plan = memoFile && key ? await recallPlan(memoFile, key, opened.dir) : undefined;
  if (!plan) {
    const project = await opened.complete();
    const reroll = options.reroll?.length ? (await import('./reroll.js')).rerollSet(project, options.reroll) : undefined;
    // Taken before the files are looked at, so a file changed during the look counts as recent.
    const lookedAt = Date.now();
    let seen: [string[], Seen[]] | undefined;
    const files = await localFiles(project, (paths, states) => (seen = [paths, states]));
    const { buildPlan } = await import('../plan/build-plan.js');
    plan = buildPlan(project.manifest, project.graph, project.lock, { files, ...(reroll ? { reroll } : {}) });
    // A file seen but not read (EIO, EMFILE, no permission) was planned as missing: not a state of
    // the disk that its stat key vouches for, so that plan is not remembered.
    const unread = seen?.[1].some((s, i) => s.kind === 'file' && !files[seen![0][i]!]?.exists);
    if (memoFile && key && seen && !unread) await rememberPlan(memoFile, key, seen[0], seen[1], plan, lookedAt);
  }
  if (options.only?.length) {
    const [{ selectOnly }, { unknownIdsMessage }] = await Promise.all([import('../plan/select-only.js'), import('../plan/unknown-ids.js')]);
    const selected = selectOnly(plan, options.only);
    if (selected.unknown.length) throw new OperationError(unknownIdsMessage('--only', selected.unknown, Object.keys(opened.manifest.assets)), ExitCode.invalid);
    plan = selected.plan;
  }
  return { plan, displayName: opened.displayName };
}

/** Whether a sync would spend or write: any action but unchanged and orphan (a sync keeps orphans; only prune removes them). */
export function hasChanges(plan: { waves: Array<Array<{ action: string }>> } & Pick<Plan, 'references'>): boolean {
  return plan.waves.some((w) => w.some((s) => s.action !== 'unchanged' && s.action !== 'orphan')) || collectionChanges(plan) > 0;
}
