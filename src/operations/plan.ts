/** `plan` as a library function: what a sync would do, why, and what it would cost; offline, no key. */
import type { Plan } from '../model/plan.js';
import { buildPlan } from '../plan/index.js';
import { selectOnly } from '../plan/select-only.js';
import { unknownIdsMessage } from '../plan/unknown-ids.js';
import type { OperationContext } from './context.js';
import { OperationError } from './errors.js';
import { ExitCode } from './exit-codes.js';
import { localFiles, loadProject } from './project.js';
import { collectionChanges } from '../plan/plan-life.js';

/** Loads the project (manifest, lock, local files) and plans it; `only` keeps those assets and their dependencies. */
export async function planSync(octx: Pick<OperationContext, 'cwd'>, options: { file?: string; only?: string[]; reroll?: string[] } = {}): Promise<{ plan: Plan; displayName: string }> {
  const project = await loadProject(octx, options.file);
  const reroll = options.reroll?.length ? (await import('./reroll.js')).rerollSet(project, options.reroll) : undefined;
  let plan = buildPlan(project.manifest, project.graph, project.lock, { files: await localFiles(project), ...(reroll ? { reroll } : {}) });
  if (options.only?.length) {
    const selected = selectOnly(plan, options.only);
    if (selected.unknown.length) throw new OperationError(unknownIdsMessage('--only', selected.unknown, Object.keys(project.manifest.assets)), ExitCode.invalid);
    plan = selected.plan;
  }
  return { plan, displayName: project.displayName };
}

/** Whether a sync would spend or write: any action but unchanged and orphan (a sync keeps orphans; only prune removes them). */
export function hasChanges(plan: { waves: Array<Array<{ action: string }>> } & Pick<Plan, 'references'>): boolean {
  return plan.waves.some((w) => w.some((s) => s.action !== 'unchanged' && s.action !== 'orphan')) || collectionChanges(plan) > 0;
}
