import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { DEFAULT_KEY } from '../../src/emulator/index.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  const abort = new AbortController();
  return { out, err, abort, ctx: { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t), signal: abort.signal } };
}

/** Runs `masko-sync emulator …` in-process until its URL is printed; stop() ends it (exit code). */
async function serve(args: string[]) {
  const cap = capture();
  const done = main(['emulator', '--port', '0', '--media', 'fallback', ...args], cap.ctx);
  let url: string | undefined;
  for (let i = 0; i < 500 && !url; i++) {
    url = /listening on (http:\/\/\S+)/.exec(cap.out.join(''))?.[1];
    if (!url) await new Promise((r) => setTimeout(r, 10));
  }
  if (!url) throw new Error(`no URL printed: ${cap.out.join('')}${cap.err.join('')}`);
  const get = (path: string, headers: Record<string, string> = {}) => fetch(url + path, { headers: { authorization: `Bearer ${DEFAULT_KEY}`, ...headers } });
  return { url, cap, get, stop: async () => (cap.abort.abort(), await done) };
}

describe('masko-sync emulator', () => {
  it('--dialect docs: prints its URL and dialect, and answers in that dialect', async () => {
    const emu = await serve(['--dialect', 'docs']);
    expect(emu.cap.out.join('')).toContain('Dialect: docs\n');
    const credits = (await (await emu.get('/v1/credits')).json()) as { data: Record<string, unknown> };
    expect(credits).toEqual({ data: { balance: 1000, subscription_credits: 1000, topup_credits: 0 } });
    expect(await emu.stop()).toBe(0);
  });

  it('prints the default dialect, reference', async () => {
    const emu = await serve([]);
    expect(emu.cap.out.join('')).toContain('Dialect: reference\nAPI key:');
    expect(await emu.stop()).toBe(0);
  });

  it('rate limit, time scale, latency and idempotency flags reach the server', async () => {
    const emu = await serve(['--dialect', 'docs', '--idempotency', '--rate-limit', '60/min,1000/h', '--time-scale', '60', '--latency', '1m,image=10m']);
    // The banner says what the server plays.
    expect(emu.cap.out.join('')).toContain('Dialect: docs\nRate limit: 60/min and 1000/h per key\nJob latency: image 10m, animation 1m, edit 1m, logo 1m, transition 1m\nTime scale: 60× (an emulated minute takes 1s)\n');
    const r = await emu.get('/v1/credits');
    expect(r.headers.get('x-ratelimit-limit')).toBe('60');
    expect(r.headers.get('x-ratelimit-remaining')).toBe('59');
    expect(r.headers.get('x-ratelimit-reset')).toMatch(/^\d+(\.\d{1,3})?$/);
    const post = (path: string, body: unknown) =>
      fetch(emu.url + path, {
        method: 'POST',
        headers: { authorization: `Bearer ${DEFAULT_KEY}`, 'content-type': 'application/json', 'idempotency-key': 'k' + path },
        body: JSON.stringify(body),
      }).then(async (res) => ({ res, body: (await res.json()) as { data: { id: string } } }));
    const p = await post('/v1/projects', { name: 'P' });
    expect((await post('/v1/projects', { name: 'P' })).res.headers.get('idempotent-replayed')).toBe('true');
    const col = await post('/v1/collections', { name: 'C', project_id: p.body.data.id, description: 'c' });
    const gen = await post(`/v1/collections/${col.body.data.id}/generate`, { type: 'image', name: 'I', image_prompt: 'i' });
    // image=10m at 60× is 10 s: the job is still running after a 1 s long poll (60 emulated seconds).
    const job = (await (await emu.get(`/v1/jobs/${(gen.body.data as unknown as { job_id: string }).job_id}?wait=true&timeout=60`)).json()) as { data: { status: string } };
    expect(job.data.status).toBe('processing');
    expect(await emu.stop()).toBe(0);
  });

  it('--no-idempotency turns the reference dialect’s replay off', async () => {
    const emu = await serve(['--no-idempotency']);
    const post = () =>
      fetch(emu.url + '/v1/projects', {
        method: 'POST',
        headers: { authorization: `Bearer ${DEFAULT_KEY}`, 'content-type': 'application/json', 'idempotency-key': 'same' },
        body: '{"name":"P"}',
      }).then(async (res) => ((await res.json()) as { data: { id: string } }).data.id);
    expect(await post()).not.toBe(await post());
    expect(await emu.stop()).toBe(0);
  });

  it('a bad --dialect exits 4 listing the dialects', async () => {
    const cap = capture();
    expect(await main(['emulator', '--dialect', 'swagger'], cap.ctx)).toBe(4);
    expect(cap.err.join('')).toContain('--dialect must be one of reference, docs, docs-legacy, seed, minimal, got "swagger"');
  });

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
    [['--latency', 'image=8x'], '--latency image'],
    [['--latency', 'video=1s'], 'unknown kind "video"'],
    [['--rate-limit', '60/day'], '--rate-limit'],
    [['--time-scale', '0'], '--time-scale'],
    [['--cdn-lag', 'soon'], '--cdn-lag'],
    [['--fault-lose-response', '1.5'], '--fault-lose-response'],
  ])('bad flag %j → exit 4 naming %s', async (args, flag) => {
    const cap = capture();
    expect(await main(['emulator', ...args], cap.ctx)).toBe(4);
    expect(cap.err.join('')).toContain(flag);
  });
});
