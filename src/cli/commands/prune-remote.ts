/** `prune --remote`: the dry run, the confirmation on a terminal (or --yes), then what was archived and removed. */
import { createInterface } from 'node:readline/promises';
import type { ArchiveTarget } from '../../operations/archive-remote.js';
import type { CliContext } from '../context.js';
import { info, plural } from '../output.js';

/** Flags of `prune --remote`. */
export interface PruneRemoteFlags {
  file?: string;
  dryRun: boolean;
  yes: boolean;
  json: boolean;
  emulator: boolean;
}

/** Runs `prune --remote` and returns the exit code. */
export async function runPruneRemote(ctx: CliContext, flags: PruneRemoteFlags): Promise<number> {
  const [{ pruneRemote }, { operationContext }] = await Promise.all([import('../../operations/archive-remote.js'), import('../operation-context.js')]);
  const line = (t: ArchiveTarget) => `item ${t.item_id} of ${t.asset} (${t.reason === 'orphan' ? 'no longer in the manifest' : 'left behind by a regeneration'})`;
  // Asked only where a person can answer: stdin and stderr both terminals, no --json.
  const interactive = ctx.isTTY && Boolean(process.stdin.isTTY) && !flags.json;
  const report = await pruneRemote(operationContext(ctx), {
    ...(flags.file !== undefined ? { file: flags.file } : {}),
    dryRun: flags.dryRun,
    yes: flags.yes,
    emulator: flags.emulator,
    ...(interactive
      ? {
          confirm: async (targets: ArchiveTarget[]) => {
            for (const t of targets) ctx.stderr(`would archive ${line(t)}\n`);
            const rl = createInterface({ input: process.stdin, output: process.stderr });
            try {
              const answer = await rl.question(`Archive ${plural(targets.length, 'item')} in Masko and prune them locally? Only "yes" goes on: `);
              return answer.trim().toLowerCase() === 'yes';
            } finally {
              rl.close();
            }
          },
        }
      : {}),
    onEvent: (e) => {
      if (flags.json) return ctx.stdout(JSON.stringify({ event: e.type, ...e.target, ...('message' in e ? { message: e.message } : {}) }) + '\n');
      if (e.type === 'archived') info(ctx, `archived ${line(e.target)}`);
      else ctx.stderr(`✗ ${line(e.target)} could not be archived: ${e.message}\n`);
    },
  });
  if (flags.json) {
    ctx.stdout(
      JSON.stringify({
        event: 'summary',
        dry_run: report.dryRun,
        remote: true,
        confirmed: report.confirmed,
        archive: report.targets,
        archived: report.archived,
        archive_failed: report.failed,
        kept_remote: report.kept,
        orphans: report.prune.orphans.map((o) => ({ id: o.id, files: o.files })),
        exit_code: report.exitCode,
      }) + '\n',
    );
    return report.exitCode;
  }
  for (const k of report.kept) if (k.item_id) info(ctx, `keeping item ${k.item_id} of ${k.asset}: ${k.reason}`);
  if (report.dryRun) {
    for (const t of report.targets) info(ctx, `would archive ${line(t)}`);
    for (const o of report.prune.orphans) info(ctx, `would remove ${o.id}${o.files.length ? `: ${o.files.join(', ')}` : ''}`);
    info(ctx, `prune --remote --dry-run: ${plural(report.targets.length, 'item')} to archive in Masko, ${plural(report.prune.orphans.length, 'orphan')} to remove locally; nothing was changed.`);
  } else if (!report.confirmed) {
    ctx.stderr('prune --remote: not confirmed; nothing was changed.\n');
  } else {
    for (const o of report.prune.orphans) info(ctx, `removed ${o.id}${o.files.length ? `: ${o.files.join(', ')}` : ''}`);
    info(ctx, `prune --remote: ${plural(report.archived.length, 'item')} archived in Masko${report.failed.length ? `, ${report.failed.length} failed (kept in masko.lock, run again)` : ''}; ${plural(report.prune.orphans.length, 'orphan')} removed from masko.lock and disk.`);
  }
  return report.exitCode;
}
