/** `sync --rate-limit`: the rates it takes, the values it refuses with the fix, and its help. */
import { describe, expect, it } from 'vitest';
import { parseRateLimit } from '../../src/api/request-budget.js';
import { main } from '../../src/cli/main.js';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t), signal: new AbortController().signal });
  return { code, out: out.join(''), err: err.join('') };
}

describe('sync --rate-limit', () => {
  it.each([
    ['30', [{ limit: 30, windowMs: 60_000 }]],
    ['30/min', [{ limit: 30, windowMs: 60_000 }]],
    ['500/h', [{ limit: 500, windowMs: 3_600_000 }]],
    ['2/s', [{ limit: 2, windowMs: 1000 }]],
    ['30/min, 500/hour', [{ limit: 30, windowMs: 60_000 }, { limit: 500, windowMs: 3_600_000 }]],
  ])('%j is a rate', (text, windows) => {
    expect(parseRateLimit(text)).toEqual(windows);
  });

  it.each(['0', '-1', 'abc', '1e9', '1.5', '30/day', '', '0/s'])('%j is refused with examples of rates', (text) => {
    expect(() => parseRateLimit(text)).toThrow(/is not a rate: write e\.g\. 30, 30\/min, 500\/h or 2\/s$/);
  });

  it('a bad value is a usage error (exit 4) naming the flag', async () => {
    const r = await run(['sync', '--rate-limit', '0']);
    expect(r.code).toBe(4);
    expect(r.err).toContain(`option '--rate-limit <rate>' argument '0' is invalid. "0" is not a rate`);
  });

  it('--help shows every form the flag takes, as the README does', async () => {
    const r = await run(['sync', '--help']);
    const help = r.out.replace(/\s+/g, ' ');
    expect(help).toContain('--rate-limit <rate> keep API requests under this rate (30 = 30/min; also 500/h, 2/s, or several joined by commas: 30/min,500/h)');
  });
});
