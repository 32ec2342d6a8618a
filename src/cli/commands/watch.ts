/** `masko-sync watch`: re-plan and apply on each save of the manifest, with a live gallery. */
import { InvalidArgumentError } from 'commander';
import { FILE_OPTION_HELP, type RegisterCommand } from '../context.js';
import { ExitCode } from '../../operations/exit-codes.js';

function wholeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected a whole number ≥ 0, got "${value}"`);
  return n;
}

function port(value: string): number {
  const n = wholeNumber(value);
  if (n > 65535) throw new InvalidArgumentError('expected a port 0–65535');
  return n;
}

/** Registers `watch`. */
export const register: RegisterCommand = (program, ctx) => {
  program
    .command('watch')
    .description('watch the manifest: on each save validate, show the plan and apply it; serve a live gallery on 127.0.0.1')
    .option('-f, --file <path>', FILE_OPTION_HELP)
    .option('--port <n>', 'gallery port (0 = a free one)', port, 0)
    .option('--preview', 'changed image prompts get a free preview instead of a paid generation', false)
    .option('--max-credits <n>', 'per-change budget: above it, ask on a terminal, skip elsewhere', wholeNumber)
    .option('--quiet-period <ms>', 'paid generations wait until the manifest has not changed for this long; a save cancels them (default 1500)', wholeNumber)
    .option('--json', 'machine output on stdout (NDJSON events); logs on stderr', false)
    .option('--emulator', 'run against an in-process Masko emulator (state in .masko/emulator)', false)
    .action(async (o: { file?: string; port: number; preview: boolean; maxCredits?: number; json: boolean; emulator: boolean; quietPeriod?: number }) => {
      const [{ runWatch, WATCH_DEFAULT_MAX_CREDITS }, { displayPath, manifestPathFor }] = await Promise.all([import('../run-watch.js'), import('../../operations/find-manifest.js')]);
      // The manifest is found once, from the working folder up, and then watched at that path.
      const file = displayPath(ctx.cwd, await manifestPathFor(ctx.cwd, o.file));
      const { quietPeriod, ...flags } = o;
      const code = await runWatch(ctx, { ...flags, file, maxCredits: o.maxCredits ?? WATCH_DEFAULT_MAX_CREDITS, ...(quietPeriod !== undefined ? { quietMs: quietPeriod } : {}) });
      // A watch only ends on Ctrl-C or SIGTERM: the CLI exits with the documented code of an interruption.
      ctx.exitCode = code === ExitCode.ok && ctx.signal.aborted ? ExitCode.interrupted : code;
    });
};
