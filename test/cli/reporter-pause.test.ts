// On a terminal, a pause for the rate limit shows on the live status line and counts down (no event
// redraws the line during a pause, and a frozen line looks like a hung run).
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { CliContext } from '../../src/cli/context.js';
import { createReporter } from '../../src/cli/reporter.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function terminal(): { ctx: CliContext; out: string[] } {
  const out: string[] = [];
  const ctx: CliContext = { stdout: () => undefined, stderr: (t) => void out.push(t), env: { NO_COLOR: '1' }, cwd: '/', isTTY: true, exitCode: 0, signal: new AbortController().signal };
  return { ctx, out };
}

/** The status line as last drawn. */
const lastStatus = (out: string[]) => out.filter((t) => t.startsWith('\r\x1b[K') && t.length > 4).at(-1)?.slice(4);

it('says the run is paused and how long is left, then drops it once the pause is over', () => {
  const { ctx, out } = terminal();
  let t = 0;
  const r = createReporter(ctx, { json: false, total: 3, now: () => t });
  r.event({ type: 'submitted', ids: ['a'], credits: 1 });
  expect(lastStatus(out)).toBe('⠿ 0/3 done · 1 credit · 0.0s');
  r.event({ type: 'rate_limit_wait', wait_ms: 2500, cause: 'limit', limit: 60, window_s: 60, message: 'waiting 2.5 s: 60 requests a minute used' });
  expect(out).toContain('⏸ waiting 2.5 s: 60 requests a minute used\n');
  expect(lastStatus(out)).toBe('⠿ 0/3 done · 1 credit · 0.0s · paused for the rate limit, 3 s left');
  t = 1000;
  vi.advanceTimersByTime(1000);
  expect(lastStatus(out)).toBe('⠿ 0/3 done · 1 credit · 1.0s · paused for the rate limit, 2 s left');
  t = 2600;
  vi.advanceTimersByTime(2000);
  expect(lastStatus(out)).toBe('⠿ 0/3 done · 1 credit · 2.6s');
  // The ticker stopped with the pause: nothing more is drawn until an event comes.
  const drawn = out.length;
  vi.advanceTimersByTime(5000);
  expect(out.length).toBe(drawn);
  r.close();
});

it('draws nothing of it off a terminal (one line per event there), and close() stops the ticker', () => {
  const { ctx, out } = terminal();
  ctx.isTTY = false;
  const r = createReporter(ctx, { json: false, total: 1, now: () => 0 });
  r.event({ type: 'rate_limit_wait', wait_ms: 5000, cause: 'limit', message: 'waiting 5 s' });
  vi.advanceTimersByTime(3000);
  expect(out).toEqual(['⏸ waiting 5 s\n']);
  const live = terminal();
  const r2 = createReporter(live.ctx, { json: false, total: 1, now: () => 0 });
  r2.event({ type: 'rate_limit_wait', wait_ms: 5000, cause: 'limit', message: 'waiting 5 s' });
  r2.close();
  const drawn = live.out.length;
  vi.advanceTimersByTime(3000);
  expect(live.out.length).toBe(drawn);
  r.close();
});
