/** `--frozen` and `pull`: prints what the restore operations did, left, or would change. */
import { ExitCode } from '../operations/exit-codes.js';
import { pull } from '../operations/pull.js';
import type { FrozenReport, RestoreEvent } from '../operations/restore.js';
import { operationContext } from './operation-context.js';
import type { CliContext } from './context.js';
import { info, plural } from './output.js';

/** Prints a frozen run's outcome: every change a real sync would make (exit 2), or up to date (0). */
export function printFrozen(ctx: CliContext, displayName: string, report: FrozenReport, json: boolean): number {
  const { changes, references, exitCode: code } = report;
  if (json) {
    const list = changes.map((s) => ({ id: s.id, action: s.action, reason: s.reason, credits: s.credits }));
    const refs = references.map((r) => ({ source: r.source, action: r.action, reason: r.reason, credits: r.credits }));
    ctx.stdout(JSON.stringify({ event: 'summary', frozen: true, restored: report.restored, restore_failed: report.restoreFailed, changes: list, references: refs, exit_code: code }) + '\n');
    return code;
  }
  const count = changes.length + references.length;
  if (count > 0) {
    ctx.stderr(`--frozen: masko.lock does not match ${displayName}; a sync would make ${plural(count, 'change')}:\n`);
    for (const s of changes) ctx.stderr(`  ${s.action.padEnd(10)} ${s.id}: ${s.reason}${s.credits ? ` (${plural(s.credits, 'credit')})` : ''}\n`);
    // Reference changes alone make the exit 2 as well: each is named, so the exit never comes without its reason.
    for (const r of references) ctx.stderr(`  ${r.action.padEnd(10)} reference ${r.source}: ${r.reason}\n`);
    ctx.stderr('Run masko-sync without --frozen and commit masko.lock.\n');
  } else if (code === ExitCode.ok) {
    ctx.stderr(`--frozen: up to date${report.restored ? `; restored ${plural(report.restored, 'file')} from the lock` : ''}.\n`);
  }
  return code;
}

/** `pull`: restores every locked file that is missing or altered; names every one it leaves, and why. */
export async function runPull(ctx: CliContext, flags: { file?: string; emulator: boolean; json: boolean }): Promise<number> {
  const emit = flags.json ? (e: Record<string, unknown>) => ctx.stdout(JSON.stringify(e) + '\n') : undefined;
  const report = await pull(operationContext(ctx), {
    ...(flags.file !== undefined ? { file: flags.file } : {}),
    emulator: flags.emulator,
    onEvent: (e) => {
      printRestore(ctx, e);
      const { type, ...rest } = e;
      emit?.({ event: type, ...rest });
    },
  });
  const left = report.notRestored.length;
  ctx.stderr(`pull: restored ${plural(report.restored, 'file')}${report.failed ? `, ${report.failed} failed` : ''}${left ? `, ${left} not restored (listed above)` : ''}.\n`);
  emit?.({ event: 'summary', restored: report.restored, failed: report.failed, not_restored: left, exit_code: report.exitCode });
  return report.exitCode;
}

/** Whether a sync event is one of the restore operations' (frozen runs). */
export function isRestoreEvent(e: { type: string }): e is RestoreEvent {
  return e.type === 'restored' || e.type === 'restore_failed' || e.type === 'not_restored';
}

/** One restore event as a line on stderr. */
export function printRestore(ctx: CliContext, e: RestoreEvent): void {
  switch (e.type) {
    case 'restored':
      return info(ctx, `restored ${e.path}`);
    case 'restore_failed':
      return ctx.stderr(`could not restore ${e.path} (${e.id} ${e.key}): ${e.message}\n`);
    case 'not_restored':
      return ctx.stderr(`not restored: ${e.path} (${e.id} ${e.key}): ${e.reason}\n`);
    default: {
      const never: never = e;
      return never;
    }
  }
}
