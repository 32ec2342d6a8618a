/** `prune`: runs the prune operation and prints what it removes or keeps, and its JSON summary. */
import { ExitCode } from '../operations/exit-codes.js';
import { prune } from '../operations/prune.js';
import type { CliContext } from './context.js';
import { operationContext } from './operation-context.js';
import { plural } from './output.js';

/** Lists (--dry-run) or removes orphans; the Masko collection is never touched. */
export async function runPrune(ctx: CliContext, flags: { file?: string; dryRun: boolean; json: boolean }): Promise<number> {
  const report = await prune(operationContext(ctx), { ...(flags.file !== undefined ? { file: flags.file } : {}), dryRun: flags.dryRun });
  const entries = report.orphans;
  if (flags.json) {
    ctx.stdout(
      JSON.stringify({
        event: 'summary',
        dry_run: flags.dryRun,
        orphans: entries.map((e) => ({ id: e.id, files: e.files })),
        modified: entries.flatMap((e) => e.modified),
        kept: entries.flatMap((e) => e.kept),
        exit_code: ExitCode.ok,
      }) + '\n',
    );
  }
  if (entries.length === 0) {
    ctx.stderr('prune: nothing to prune.\n');
    return ExitCode.ok;
  }
  for (const e of entries) {
    const shown = e.files.map((f) => (e.modified.includes(f) ? `${f} (changed since masko-sync wrote it)` : f));
    ctx.stderr(`${flags.dryRun ? 'would remove' : 'removing'} ${e.id}${shown.length ? `: ${shown.join(', ')}` : ''}\n`);
    for (const k of e.kept) ctx.stderr(`  ${flags.dryRun ? 'would keep' : 'keeping'} ${k.path}: ${k.reason}\n`);
  }
  if (flags.dryRun) {
    ctx.stderr(`prune --dry-run: ${plural(entries.length, 'orphan')}; nothing was changed. Remote items are never deleted.\n`);
    return ExitCode.ok;
  }
  ctx.stderr(`prune: removed ${plural(entries.length, 'orphan')} from masko.lock and disk; the Masko collection keeps its items.\n`);
  return ExitCode.ok;
}
