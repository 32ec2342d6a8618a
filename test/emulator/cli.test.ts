import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { DEFAULT_KEY } from '../../src/emulator/index.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  const abort = new AbortController();
  return { out, err, abort, ctx: { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t), signal: abort.signal } };
}

describe('masko-sync emulator', () => {
  it('prints its URL and key, serves, and stops cleanly on the abort signal', async () => {
    const cap = capture();
    const done = main(['emulator', '--port', '0', '--media', 'fallback', '--latency', '0', '--credits', '7', '--plan', 'starter'], cap.ctx);
    let url: string | undefined;
    for (let i = 0; i < 500 && !url; i++) {
      url = /listening on (http:\/\/\S+)/.exec(cap.out.join(''))?.[1];
      if (!url) await new Promise((r) => setTimeout(r, 10));
    }
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(cap.out.join('')).toContain(DEFAULT_KEY);
    const credits = await fetch(`${url}/v1/credits`, { headers: { authorization: `Bearer ${DEFAULT_KEY}` } });
    expect(((await credits.json()) as { data: unknown }).data).toMatchObject({ balance: 7, plan: 'starter' });
    cap.abort.abort();
    expect(await done).toBe(0);
    expect(cap.err.join('')).toContain('emulator stopped');
    await expect(fetch(`${url}/v1/credits`)).rejects.toThrow();
  });

  it.each([
    [['--port', 'abc'], '--port'],
    [['--port', '70000'], '--port'],
    [['--credits', '-1'], '--credits'],
    [['--plan', 'gold'], '--plan'],
    [['--key', 'masko_xyz'], '--key'],
    [['--latency', 'fast'], '--latency'],
    [['--fault-5xx', '2'], '--fault-5xx'],
    [['--fault-job-failure', 'often'], '--fault-job-failure'],
    [['--media', 'gif'], '--media'],
    [['--long-poll-limit', '90000'], '--long-poll-limit'],
  ])('bad flag %j → exit 4 naming %s', async (args, flag) => {
    const cap = capture();
    expect(await main(['emulator', ...args], cap.ctx)).toBe(4);
    expect(cap.err.join('')).toContain(flag);
  });
});
