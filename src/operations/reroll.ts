/** `--reroll <ids>` for sync and plan: the set the planner takes, or a usage error (exit 4) naming each bad id. */
import { applyMoves } from '../plan/apply-moves.js';
import { rerollProblems } from '../plan/reroll.js';
import { OperationError } from './errors.js';
import { ExitCode } from './exit-codes.js';
import type { Project } from './project.js';

/** The ids to re-roll, checked against the manifest and the (moved) lock; undefined when none were named. */
export function rerollSet(project: Pick<Project, 'manifest' | 'lock'>, ids: string[] | undefined): ReadonlySet<string> | undefined {
  if (!ids?.length) return undefined;
  const problems = rerollProblems(project.manifest, applyMoves(project.manifest, project.lock).lock, ids);
  if (problems.length > 0) throw new OperationError(problems.join('\n'), ExitCode.invalid);
  return new Set(ids);
}
