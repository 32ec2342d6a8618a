/** `masko-sync watch`: re-plan and apply on each save of the manifest, with a live gallery. */
import { InvalidArgumentError } from 'commander';
import type { RegisterCommand } from '../context.js';

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
    .option('-f, --file <path>', 'the manifest', 'masko.yaml')
    .option('--port <n>', 'gallery port (0 = a free one)', port, 0)
    .option('--preview', 'changed image prompts get a free preview instead of a paid generation', false)
    .option('--max-credits <n>', 'per-change budget: above it, ask on a terminal, skip elsewhere', wholeNumber)
    .option('--quiet <ms>', 'paid generations wait until the manifest has not changed for this long; a save cancels them (default 1500)', wholeNumber)
    .option('--json', 'machine output on stdout (NDJSON events); logs on stderr', false)
    .option('--emulator', 'run against an in-process Masko emulator (state in .masko/emulator)', false)
    .action(async (o: { file: string; port: number; preview: boolean; maxCredits?: number; json: boolean; emulator: boolean; quiet?: number }) => {
      const { runWatch, WATCH_DEFAULT_MAX_CREDITS } = await import('../run-watch.js');
      const { quiet, ...flags } = o;
      ctx.exitCode = await runWatch(ctx, { ...flags, maxCredits: o.maxCredits ?? WATCH_DEFAULT_MAX_CREDITS, ...(quiet !== undefined ? { quietMs: quiet } : {}) });
    });
};
