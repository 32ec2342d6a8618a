/**
 * A run that waits for its request budget says so, with why: a line in the plain output and a
 * `rate_limit_wait` event with --json. The emulator allows 3 requests a minute, run 20 times faster
 * (a 3 s window), and a first sync needs about eight, so it must wait.
 */
import { expect, test } from 'vitest';
import { out, syncWorld } from '../helpers/sync-fixtures.js';

const MANIFEST = [
  'version: 1',
  'collection: { name: Patient fox, description: a small orange fox }',
  'output: { dir: out }',
  'assets:',
  '  a: { type: image, image_prompt: sitting }',
  '  b: { type: image, image_prompt: standing }',
  '',
].join('\n');

const world = (onTestFinished: Parameters<typeof syncWorld>[0]) =>
  syncWorld(onTestFinished, { manifest: MANIFEST, emulator: { rateLimit: { perMinute: 3 }, timeScale: 20, latencyMs: 100 } });

test('the plain output says the run waits for the rate limit, and why', async ({ onTestFinished }) => {
  const w = await world(onTestFinished);
  const run = await w.cli(['sync']);
  expect(run.code, out(run)).toBe(0);
  expect(run.stderr).toMatch(/⏸ waiting \d+ s for the request budget: the API's rate limit is used up \(X-RateLimit-Remaining: 0\) until it resets\n/);
  expect((await w.emu.stats()).rate_limited).toBe(0);
}, 60_000);

test('--json reports each wait as a rate_limit_wait event with its cause and length', async ({ onTestFinished }) => {
  const w = await world(onTestFinished);
  const run = await w.cli(['sync', '--json']);
  expect(run.code, out(run)).toBe(0);
  const events = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { event: string; [k: string]: unknown });
  const waits = events.filter((e) => e.event === 'rate_limit_wait');
  expect(waits.length, run.stdout).toBeGreaterThan(0);
  for (const e of waits) {
    expect(e).toMatchObject({ cause: 'server', message: expect.stringMatching(/^waiting \d+ s for the request budget/) });
    expect(e.wait_ms).toBeGreaterThanOrEqual(1000);
    expect(e.wait_ms).toBeLessThanOrEqual(3 * 1.02 * 1000 + 1000);
  }
  expect(events.at(-1)).toMatchObject({ event: 'summary', exit_code: 0 });
}, 60_000);
