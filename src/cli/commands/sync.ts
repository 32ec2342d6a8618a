/** `sync` (the default command), `pull` and `prune`. */
import { InvalidArgumentError, type Command } from 'commander';
import { parseRateLimit, type RateWindow } from '../../api/request-budget.js';
import { FILE_OPTION_HELP, type RegisterCommand } from '../context.js';

/** Parses a non-negative whole number flag. */
export function wholeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected a whole number ≥ 0, got "${value}"`);
  return n;
}

function positive(value: string): number {
  const n = wholeNumber(value);
  if (n < 1) throw new InvalidArgumentError('expected at least 1');
  return n;
}

function idList(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
}

/** `--rate-limit 30/min` (see parseRateLimit). */
function rateLimit(value: string): RateWindow[] {
  try {
    return parseRateLimit(value);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
}

/** `--adopt id=job`, repeatable or comma-separated. */
function adoptions(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const out = { ...previous };
  for (const pair of value.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^([a-z0-9][a-z0-9_-]{0,63})=(\S+)$/.exec(pair);
    if (!m) throw new InvalidArgumentError(`expected ASSET_ID=JOB_ID, got "${pair}"`);
    out[m[1]!] = m[2]!;
  }
  return out;
}

function common(cmd: Command): Command {
  return cmd
    .option('-f, --file <path>', FILE_OPTION_HELP)
    .option('--json', 'machine output on stdout (NDJSON events and a summary); logs on stderr', false)
    .option('--emulator', 'run against an in-process Masko emulator (state in .masko/emulator)', false);
}

export const register: RegisterCommand = (program, ctx) => {
  common(program.command('sync', { isDefault: true }).description('make the files, the collection and masko.lock match the manifest'))
    .option('--only <ids>', 'only these asset ids (comma-separated), with their dependencies', idList)
    .option('--concurrency <n>', 'batch submissions in flight at once', positive, 4)
    .option('--max-credits <n>', 'refuse (exit 5) if the estimate is above n; 0 means nothing may be spent', wholeNumber)
    .option('--frozen', 'CI: never generate or write the lock; restore missing files; exit 2 if anything would change', false)
    .option('--no-wait', 'submit, record the pending jobs and CDN URLs, and return')
    .option('--rate-limit <rate>', 'keep API requests under this rate (30 = 30/min; also 500/h, 2/s, or several joined by commas: 30/min,500/h) instead of the documented 60/min and 1,000/h; the server\'s X-RateLimit headers are kept to as well', rateLimit)
    .option('--adopt <id=job>', 'for an interrupted submission that matched several jobs: the job that is this asset\'s', adoptions)
    .option('--overwrite <paths>', 'replace these files in the way (comma-separated project paths, or "all"), which masko-sync did not make', idList)
    .option('--reroll <ids>', 'make these assets again with the same inputs, under the same items (paid, as a regeneration; their dependants follow)', idList)
    .action(async (o: { file?: string; json: boolean; emulator: boolean; only?: string[]; concurrency: number; maxCredits?: number; frozen: boolean; wait: boolean; adopt?: Record<string, string>; rateLimit?: RateWindow[]; overwrite?: string[]; reroll?: string[] }) => {
      // Loaded on demand so that `--help`, `validate` and `plan` start fast.
      const { runSync } = await import('../run-sync.js');
      ctx.exitCode = await runSync(ctx, { ...o });
    });

  common(program.command('pull').description('restore locked files that are missing or altered (no generation, no key)'))
    .action(async (o: { file?: string; emulator: boolean; json: boolean }) => {
      const { runPull } = await import('../run-frozen.js');
      ctx.exitCode = await runPull(ctx, o);
    });

  program
    .command('prune')
    .description('remove lock entries and local files of assets no longer in the manifest; with --remote, also archive their items in Masko')
    .option('-f, --file <path>', FILE_OPTION_HELP)
    .option('--dry-run', 'only list what would be removed (and archived)', false)
    .option('--json', 'machine output on stdout', false)
    .option('--remote', 'also archive in Masko the items of removed assets and the items regenerations left behind (asks first; --yes in CI)', false)
    .option('--yes', 'with --remote: archive without asking (CI)', false)
    .option('--emulator', 'with --remote: archive in the in-process Masko emulator', false)
    .action(async (o: { file?: string; dryRun: boolean; json: boolean; remote: boolean; yes: boolean; emulator: boolean }) => {
      if (o.remote) {
        const { runPruneRemote } = await import('./prune-remote.js');
        ctx.exitCode = await runPruneRemote(ctx, o);
        return;
      }
      const { runPrune } = await import('../run-prune.js');
      ctx.exitCode = await runPrune(ctx, o);
    });
};
