/** Progress of a sync: a live status line on a TTY, one line per event elsewhere, NDJSON with --json. */
import type { ApplyEvent } from '../apply/types.js';
import type { CliContext } from './context.js';
import { colorsFor, info, plural, verbosity } from './output.js';

export interface Reporter {
  event(e: ApplyEvent): void;
  /** A free-form log line (stderr). */
  log(line: string): void;
  /** Stops the live view. */
  close(): void;
}

/**
 * Picks the reporter for the context: NDJSON (stdout) with --json, live on a TTY, plain lines otherwise.
 * With --quiet only failures are printed (the summary comes from the caller); logs and progress are not.
 */
export function createReporter(ctx: CliContext, opts: { json: boolean; total: number; now?: () => number }): Reporter {
  const now = opts.now ?? Date.now;
  const started = now();
  if (opts.json) {
    return {
      event: (e) => ctx.stdout(JSON.stringify({ event: e.type, ...withoutType(e) }) + '\n'),
      log: (line) => info(ctx, line),
      close: () => undefined,
    };
  }
  const c = colorsFor(ctx, 'stderr');
  const quiet = verbosity(ctx) === 'quiet';
  const live = ctx.isTTY && !ctx.env.CI && !quiet;
  let done = 0;
  let credits = 0;
  let status = '';
  // While the request budget holds the run, the status line says so and counts down: no event
  // comes to redraw it then, and a frozen line looks like a hung run.
  let pausedUntil = 0;
  let ticker: ReturnType<typeof setInterval> | undefined;
  const stopTicker = () => {
    if (ticker) clearInterval(ticker);
    ticker = undefined;
  };
  const clear = () => live && status && ctx.stderr('\r\x1b[K');
  const draw = () => {
    if (!live) return;
    const at = now();
    const secs = ((at - started) / 1000).toFixed(1);
    const left = Math.ceil((pausedUntil - at) / 1000);
    if (left <= 0) stopTicker();
    const paused = left > 0 ? ` · ${c.yellow('paused for the rate limit')}, ${left} s left` : '';
    status = `${c.cyan('⠿')} ${done}/${opts.total} done · ${plural(credits, 'credit')} · ${secs}s${paused}`;
    ctx.stderr(`\r\x1b[K${status}`);
  };
  const line = (text: string, important = false) => {
    if (quiet && !important) return;
    clear();
    ctx.stderr(text + '\n');
    draw();
  };
  return {
    event(e) {
      switch (e.type) {
        case 'submitted':
          credits += e.credits;
          return line(`${c.cyan('→')} submitted ${e.ids.join(', ')} (${plural(e.credits, 'credit')})`);
        case 'job':
          return live ? draw() : undefined;
        case 'generated':
          return live ? draw() : undefined;
        case 'completed':
          done++;
          return line(`${c.green('✓')} ${e.id} completed`);
        case 'failed':
          done++;
          return line(`${c.red('✗')} ${e.id} failed: ${e.message} [${e.code}]`, true);
        case 'skipped':
          done++;
          return line(`${c.yellow('-')} ${e.id} skipped (${e.cause.includes(' ') ? e.cause : `upstream ${e.cause} failed`})`);
        case 'pending':
          return line(`${c.cyan('…')} ${e.id} submitted as job ${e.job_id}; not waiting (--no-wait)`);
        case 'renamed':
          return line(`${c.green('✓')} ${e.id} renamed "${e.from}" → "${e.to}"`);
        case 'relocated':
          return line(`${c.green('✓')} ${e.id} ${e.key} moved ${e.from} → ${e.to}`);
        case 'restored':
          return line(`${c.green('✓')} ${e.id} ${e.key} restored to ${e.path}`);
        case 'derived':
          return line(`${c.green('✓')} ${e.id} ${e.key} derived locally to ${e.path} (${e.reason})`);
        case 'dropped':
          return line(`${c.green('✓')} ${e.id} ${e.key} removed (${e.path}): no longer in masko.yaml's sizes or formats`);
        case 'adopted':
          return line(`${c.green('✓')} ${e.id}: found its job ${e.job_id} on the API (${e.reason}); not paid again`);
        case 'uploaded':
          return line(`${c.green('↑')} uploaded ${e.source} as ${e.asset_id} (free)`);
        case 'upload_failed':
          return line(`${c.red('✗')} ${e.message} [${e.code}]`, true);
        case 'reference_added':
          return line(`${c.green('+')} reference ${e.source} added to the collection (free)`);
        case 'reference_removed':
          return line(`${c.green('-')} reference ${e.source} removed from the collection (free)`);
        case 'warning':
          return line(`${c.yellow('!')} ${e.message}`);
        case 'rate_limit_wait':
          if (live) {
            pausedUntil = Math.max(pausedUntil, now() + e.wait_ms);
            stopTicker();
            ticker = setInterval(draw, 1000);
            ticker.unref();
          }
          return line(`${c.yellow('⏸')} ${e.message}`);
        default: {
          const never: never = e;
          return never;
        }
      }
    },
    log: (text) => line(text),
    close() {
      stopTicker();
      clear();
      status = '';
    },
  };
}

function withoutType(e: ApplyEvent): Record<string, unknown> {
  const { type: _type, ...rest } = e;
  return rest;
}
