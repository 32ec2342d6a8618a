/**
 * What the CLI may print where: colours decided per stream, how much goes to stderr (--quiet,
 * --verbose), and the one plural rule for counted words.
 */
import { createColors } from 'picocolors';
import type { CliContext } from './context.js';

/** `quiet`: only errors and the final summary; `verbose`: also each HTTP request and the emulator's log. */
export type Verbosity = 'quiet' | 'normal' | 'verbose';

/** picocolors' colour functions (all identity when colour is off). */
export type Colors = ReturnType<typeof createColors>;

/**
 * Whether text written to `stream` gets ANSI colours: never with --json; NO_COLOR (set and not empty)
 * turns them off; FORCE_COLOR turns them on (FORCE_COLOR=0 or false turns them off); otherwise only when
 * that very stream is a terminal (and TERM is not dumb). `CI` alone never does: piped output stays plain.
 */
export function useColor(ctx: CliContext, stream: 'stdout' | 'stderr', json = false): boolean {
  if (json) return false;
  if (ctx.env.NO_COLOR) return false;
  const force = ctx.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (ctx.env.TERM === 'dumb') return false;
  return stream === 'stdout' ? Boolean(ctx.stdoutIsTTY) : ctx.isTTY;
}

/** The colour functions for a stream (see useColor). */
export function colorsFor(ctx: CliContext, stream: 'stdout' | 'stderr', json = false): Colors {
  return createColors(useColor(ctx, stream, json));
}

/** The verbosity of this run (normal unless --quiet or --verbose). */
export function verbosity(ctx: CliContext): Verbosity {
  return ctx.verbosity ?? 'normal';
}

/** A progress or status line on stderr: dropped with --quiet. */
export function info(ctx: CliContext, line: string): void {
  if (verbosity(ctx) !== 'quiet') ctx.stderr(line + '\n');
}

/** A detail line on stderr: only with --verbose. */
export function detail(ctx: CliContext, line: string): void {
  if (verbosity(ctx) === 'verbose') ctx.stderr(line + '\n');
}

/** `1 credit`, `2 credits`, `0 credits`; `many` for irregular plurals. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
