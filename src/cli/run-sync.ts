/** `masko-sync [sync]`: runs the sync operation and shows it: the plan line, progress, the summary, the exit code. */
import type { ApplyResult } from '../apply/types.js';
import type { RateWindow } from '../api/request-budget.js';
import type { Plan } from '../model/plan.js';
import { PLAN_ACTIONS } from '../plan/build-plan.js';
import { sync, type SyncEvent } from '../operations/sync.js';
import type { CliContext } from './context.js';
import { operationContext } from './operation-context.js';
import { plural } from './output.js';
import { createReporter, type Reporter } from './reporter.js';
import { referenceWords } from './render-plan.js';
import { printFrozen, printRestore, isRestoreEvent } from './run-frozen.js';

export interface SyncFlags {
  file?: string;
  json: boolean;
  only?: string[];
  concurrency: number;
  maxCredits?: number;
  frozen: boolean;
  wait: boolean;
  emulator: boolean;
  /** `--adopt id=job`: jobs a person picked for submissions whose match was ambiguous. */
  adopt?: Record<string, string>;
  /** `--rate-limit`: limits to keep to instead of the documented ones. */
  rateLimit?: RateWindow[];
  /** `--overwrite <paths|all>`: files in the way adopted on purpose. */
  overwrite?: string[];
}

/** Runs a sync and returns its exit code. */
export async function runSync(ctx: CliContext, flags: SyncFlags): Promise<number> {
  let reporter: Reporter | undefined;
  const base = operationContext(ctx);
  // Once progress is shown, lines go through the reporter (it clears the live line first).
  const octx = { ...base, onLog: (level: 'info' | 'detail' | 'warn', message: string) => (reporter && level === 'info' ? reporter.log(message) : base.onLog(level, message)) };
  let referenceChanges = 0;
  const onEvent = (e: SyncEvent) => {
    if (e.type === 'reference_added' || e.type === 'reference_removed') referenceChanges++;
    if (e.type === 'plan') {
      if (flags.frozen) return;
      reporter = createReporter(ctx, { json: flags.json, total: e.work });
      return reporter.log(planLine(e.plan));
    }
    if (isRestoreEvent(e)) return printRestore(ctx, e);
    reporter?.event(e);
  };
  const { file, json: _json, ...options } = flags;
  const report = await sync(octx, { ...options, ...(file !== undefined ? { file } : {}), onEvent });
  if (report.frozen) return printFrozen(ctx, report.displayName, report.frozen, flags.json);
  return finish(ctx, reporter, flags, report.result, report.estimate, report.exitCode, referenceChanges);
}

/** Prints the summary (a `summary` object with --json) and returns the exit code. */
export function finish(ctx: CliContext, reporter: Reporter | undefined, flags: { json: boolean }, result: ApplyResult, estimate: number, code: number, referenceChanges = 0): number {
  reporter?.close();
  const summary = {
    completed: result.completed.length,
    failed: result.failed,
    skipped: result.skipped,
    pending: result.pending,
    fixed: result.fixed,
    credits_spent: result.creditsSpent,
    credits_estimated: estimate,
    reference_changes: referenceChanges,
    interrupted: result.interrupted,
    errors: result.errors,
    exit_code: code,
  };
  if (flags.json) {
    ctx.stdout(JSON.stringify({ event: 'summary', ...summary }) + '\n');
    return code;
  }
  const parts = [`${result.completed.length} completed`];
  if (result.fixed) parts.push(`${result.fixed} fixed for free`);
  if (result.pending.length) parts.push(`${result.pending.length} pending (run again to collect)`);
  if (result.failed.length) parts.push(`${result.failed.length} failed`);
  if (result.skipped.length) parts.push(`${result.skipped.length} skipped`);
  // Adding or removing the collection's references is work done, even when no asset changed.
  if (referenceChanges) parts.push(`${plural(referenceChanges, 'reference change')} (free)`);
  const nothing = parts.length === 1 && result.completed.length === 0 && !result.interrupted && result.errors.length === 0;
  ctx.stderr(nothing ? 'Up to date: nothing to do; 0 credits spent.\n' : `${parts.join(', ')}; ${plural(result.creditsSpent, 'credit')} spent.\n`);
  if (result.failed.length) {
    ctx.stderr('Failures:\n');
    for (const f of result.failed) ctx.stderr(`  ${f.id}: ${f.message} [${f.code}]\n`);
    for (const s of result.skipped) ctx.stderr(`  ${s.id}: skipped (${s.cause.includes(' ') ? s.cause : `upstream ${s.cause} failed`})\n`);
  }
  for (const e of result.errors) ctx.stderr(`error: ${e}\n`);
  if (result.interrupted) ctx.stderr('Interrupted: masko.lock records every accepted job; run again to resume without paying twice.\n');
  return code;
}

/** The one-line plan summary a sync starts with. */
export function planLine(plan: Plan): string {
  const s = plan.summary;
  const parts = [
    ...PLAN_ACTIONS.filter((a) => s[a] > 0).map((a) => `${s[a]} ${a === 'unchanged' || a === 'orphan' ? a : `to ${a}`}`),
    ...referenceWords(plan),
  ];
  return `Plan: ${parts.join(', ') || 'nothing'}; estimated ${plural(s.credits, 'credit')}`;
}
