/** Options usable with any dialect: lost answers, CDN lag, /_emulator/stats, the rate limit and the time scale. */
import { describe, expect, it } from 'vitest';
import { ASSET_STATUS_HEADER } from '../../src/api/wire.js';
import type { Dialect } from '../../src/emulator/index.js';
import { startTestEmulator } from '../helpers/emulator.js';
import { finish, one } from './dialect-helpers.js';
import { client, makeCollection, start, type Client } from './helpers.js';


/** A POST whose connection is dropped: resolves to 'lost', or the status when it is answered. */
async function postRaw(url: string, key: string, body: unknown, headers: Record<string, string> = {}): Promise<number | 'lost'> {
  return fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  }).then(
    (r) => r.status,
    () => 'lost',
  );
}

describe('emulator: lost answers (faults.loseResponseRate)', () => {
  it('generate and generate-batch are processed, charged and recorded, then dropped unanswered', async () => {
    const t = await startTestEmulator({ faults: { loseResponseRate: 1 } });
    try {
      const c = client(t.emu);
      const col = await makeCollection(c);
      const gen = `${t.url}/v1/collections/${col}/generate`;
      expect(await postRaw(gen, t.key, { type: 'image', name: 'A', image_prompt: 'a' })).toBe('lost');
      expect(await postRaw(`${gen}-batch`, t.key, { items: [{ type: 'image', name: 'B', image_prompt: 'b' }, { type: 'image', name: 'C', image_prompt: 'c' }] })).toBe('lost');
      expect((await t.jobs()).map((j) => j.item_name)).toEqual(['A', 'B', 'C']);
      expect(await t.balance()).toBe(997);
      // An idempotent retry is recorded before the drop: it replays (and is lost again) without a second charge.
      const body = { type: 'image', name: 'D', image_prompt: 'd' };
      expect(await postRaw(gen, t.key, body, { 'idempotency-key': 'd' })).toBe('lost');
      expect(await postRaw(gen, t.key, body, { 'idempotency-key': 'd' })).toBe('lost');
      expect(await t.balance()).toBe(996);
      // A refused request is answered: nothing was processed.
      expect(await postRaw(gen, t.key, { type: 'image', name: 'E' })).toBe(400);
      // Other routes are never lost.
      expect((await c.get('/v1/credits')).status).toBe(200);
      const stats = await t.stats();
      expect(stats).toMatchObject({ responses_lost: 4, jobs_created: 4, credits_charged: 4, faults: { responses_lost: 4 } });
      expect(t.emu.stats().faults.responsesLost).toBe(4);
    } finally {
      await t.close();
    }
  });

  it('is seeded: the same seed loses the same answers', async () => {
    const outcomes = async () => {
      const emu = await start({ seed: 21, faults: { loseResponseRate: 0.5 } });
      const c = client(emu);
      const col = await makeCollection(c);
      const out: Array<number | 'lost'> = [];
      for (let i = 0; i < 12; i++) out.push(await postRaw(`${emu.url}/v1/collections/${col}/generate`, emu.key, { type: 'image', name: `I${i}`, image_prompt: 'x' }));
      expect(emu.stats().jobsCreated).toBe(12);
      return out;
    };
    const a = await outcomes();
    expect(a).toEqual(await outcomes());
    expect(new Set(a)).toEqual(new Set([202, 'lost']));
  });
});

describe('emulator: CDN lag (cdnLagMs)', () => {
  /** Generates an image, waits for its job, and reads its URL at once. */
  async function afterCompletion(dialect: Dialect) {
    const emu = await start({ dialect, latencyMs: 10, cdnLagMs: 2000 });
    const c = client(emu);
    const p = one(dialect, (await c.post('/v1/projects', { name: 'P' })).body);
    const col = one(dialect, (await c.post('/v1/collections', { name: 'F', project_id: p.id, description: 'f' })).body);
    const g = one(dialect, (await c.post(`/v1/collections/${col.id}/generate`, { type: 'image', name: 'W', image_prompt: 'w' })).body);
    const url = g.urls.image as string;
    const before = Buffer.from(await (await fetch(url)).arrayBuffer());
    expect((await finish(c, dialect, g.job_id)).status).toBe('completed');
    const lagging = await fetch(url);
    const lagBytes = Buffer.from(await lagging.arrayBuffer());
    // The real file arrives at the same URL once the lag is over.
    let ready: Response | undefined;
    let readyBytes = lagBytes;
    for (let i = 0; i < 100 && readyBytes.equals(lagBytes); i++) {
      await new Promise((r) => setTimeout(r, 50));
      ready = await fetch(url);
      readyBytes = Buffer.from(await ready.arrayBuffer());
    }
    return { before, lagging, lagBytes, ready: ready!, readyBytes };
  }

  it('reference: the placeholder bytes stay after completion, and the header says so', async () => {
    const r = await afterCompletion('reference');
    expect(r.lagBytes.equals(r.before)).toBe(true);
    expect(r.lagging.headers.get(ASSET_STATUS_HEADER)).toBe('placeholder');
    expect(r.readyBytes.equals(r.before)).toBe(false);
    expect(r.ready.headers.get(ASSET_STATUS_HEADER)).toBe('ready');
  });

  it('docs, docs-legacy, minimal: the same placeholder bytes, with no header at all', async () => {
    const dialects: Dialect[] = ['docs', 'docs-legacy', 'minimal'];
    for (const [dialect, r] of (await Promise.all(dialects.map(afterCompletion))).map((x, i) => [dialects[i], x] as const)) {
      expect(r.lagBytes.equals(r.before), dialect).toBe(true);
      expect(r.lagging.headers.get(ASSET_STATUS_HEADER), dialect).toBeNull();
      expect(r.readyBytes.equals(r.before), dialect).toBe(false);
      expect(r.ready.headers.get(ASSET_STATUS_HEADER), dialect).toBeNull();
    }
  });

  it('seed: the header says ready over the lagging placeholder (nothing tells them apart)', async () => {
    const r = await afterCompletion('seed');
    expect(r.lagBytes.equals(r.before)).toBe(true);
    expect(r.lagging.headers.get(ASSET_STATUS_HEADER)).toBe('ready');
    expect(r.readyBytes.equals(r.before)).toBe(false);
  });
});

describe('emulator: GET /_emulator/stats', () => {
  it('counts requests by route, money, jobs per item and 429s; needs the key; is never limited, faulted or counted', async () => {
    const emu = await start({ rateLimit: { perMinute: 40 }, faults: { failPromptsContaining: ['doomed'] } });
    const c = client(emu);
    const stats = async () => (await c.get('/_emulator/stats')).body;
    expect((await fetch(`${emu.url}/_emulator/stats`)).status).toBe(401);
    const col = await makeCollection(c);
    const img = await c.post(`/v1/collections/${col}/generate`, { type: 'image', name: 'W', image_prompt: 'w' });
    await c.finish(img.body.data.job_id);
    await c.post(`/v1/collections/${col}/generate`, { type: 'image', item_id: img.body.data.item_id, image_prompt: 'again' });
    const doomed = await c.post(`/v1/collections/${col}/generate-batch`, {
      items: [{ type: 'image', name: 'X', image_prompt: 'doomed' }, { type: 'animation', name: 'Y', image_prompt: 'y', animation_prompt: 'y', duration: 1 }],
    });
    for (const j of doomed.body.data.jobs) await c.finish(j.job_id);
    for (let i = 0; i < 60; i++) await stats(); // not rate limited, not counted
    const s = await stats();
    expect(s).toEqual({
      requests: {
        'POST /v1/projects': 1,
        'POST /v1/collections': 1,
        'POST /v1/collections/:id/generate': 2,
        'POST /v1/collections/:id/generate-batch': 1,
        'GET /v1/jobs/:id': expect.any(Number),
      },
      rate_limited: 0,
      credits_charged: 1 + 1 + 1 + 6,
      credits_refunded: 1,
      jobs_created: 4,
      jobs_by_item: { [img.body.data.item_id]: 2, [doomed.body.data.jobs[0].item_id]: 1, [doomed.body.data.jobs[1].item_id]: 1 },
      responses_lost: 0,
      uploads: 0,
      generate_requests: 3,
      active_long_polls: 0,
      faults: { server_error: 0, rate_limited: 0, dropped: 0, truncated: 0, job_failures: 1, responses_lost: 0 },
    });
    expect(s).toEqual(emu.wireStats());
    // Past the limit: 429s are counted.
    let limited = 0;
    while ((await c.get('/v1/credits')).status !== 429) limited++;
    expect(limited).toBeLessThan(40);
    expect((await stats()).rate_limited).toBe(1);
  });

  it('answers while every API request is faulted', async () => {
    const emu = await start({ faults: { serverErrorRate: 1 } });
    const c = client(emu);
    expect((await c.get('/v1/credits')).status).toBe(500);
    const s = await c.get('/_emulator/stats');
    expect(s.status).toBe(200);
    expect(s.body.faults.server_error).toBe(1);
  });
});

describe('emulator: rate limit and time scale', () => {
  const get = (c: Client) => c.get('/v1/credits');
  const rate = (r: { headers: Headers }) => ['limit', 'remaining', 'reset'].map((k) => r.headers.get(`x-ratelimit-${k}`));

  it('no limit set: no X-RateLimit headers', async () => {
    const r = await get(client(await start()));
    expect(rate(r)).toEqual([null, null, null]);
  });

  it('1×: whole seconds; Limit, Remaining and Reset on every answer; 429 with Retry-After past the limit', async () => {
    const emu = await start({ rateLimit: { perMinute: 3 } });
    const c = client(emu);
    const t0 = Date.now() / 1000;
    const answers = [await get(c), await c.get('/v1/jobs/nope'), await get(c)];
    expect(answers.map((r) => r.status)).toEqual([200, 404, 200]);
    expect(answers.map((r) => rate(r).slice(0, 2))).toEqual([['3', '2'], ['3', '1'], ['3', '0']]);
    const reset = Number(rate(answers[0]!)[2]);
    expect(Number.isInteger(reset)).toBe(true);
    expect(reset).toBeGreaterThanOrEqual(Math.floor(t0) + 59);
    expect(reset).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 60);
    const limited = await get(c);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(rate(limited).slice(0, 2)).toEqual(['3', '0']);
  });

  it('the tighter window is the one reported', async () => {
    const c = client(await start({ rateLimit: { perMinute: 10, perHour: 2 } }));
    expect(rate(await get(c)).slice(0, 2)).toEqual(['2', '1']);
    expect(rate(await get(c)).slice(0, 2)).toEqual(['2', '0']);
    const limited = await get(c);
    expect(limited.status).toBe(429);
    // An hour's window (3600 s) is what must pass.
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(60);
  });

  it('30×: a minute’s window passes in 2 seconds; headers in fractional seconds', async () => {
    const emu = await start({ rateLimit: { perMinute: 2 }, timeScale: 30 });
    const c = client(emu);
    await get(c);
    const second = await get(c);
    const reset = Number(rate(second)[2]);
    expect(rate(second)[2]).toMatch(/^\d+(\.\d{1,3})?$/);
    expect(reset).toBeGreaterThan(Date.now() / 1000 - 2);
    expect(reset).toBeLessThanOrEqual(Date.now() / 1000 + 2.001);
    const limited = await get(c);
    expect(limited.status).toBe(429);
    const after = limited.headers.get('retry-after')!;
    expect(after).toMatch(/^[0-2](\.\d{1,3})?$/);
    expect(Number(after)).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, Number(after) * 1000 + 20));
    expect((await get(c)).status).toBe(200);
    expect(emu.stats().rateLimited).toBe(1);
  });

  it('scales job latency, the long-poll limit and injected Retry-After', async () => {
    // A minute-long job under 600× ends in 100 ms; a one-hour job's long poll returns at 25 s / 600.
    const emu = await start({ timeScale: 600, latencyMs: { image: 60_000, animation: 3_600_000 } });
    const c = client(emu);
    const col = await makeCollection(c);
    const img = await c.post(`/v1/collections/${col}/generate`, { type: 'image', name: 'I', image_prompt: 'i' });
    expect((await c.finish(img.body.data.job_id)).status).toBe('completed');
    const anim = await c.post(`/v1/collections/${col}/generate`, { type: 'animation', name: 'A', image_prompt: 'a', animation_prompt: 'b', duration: 1 });
    const polled = await c.get(`/v1/jobs/${anim.body.data.job_id}?wait=true`);
    expect(polled.body.data.status).toBe('processing');
    const faulty = await start({ timeScale: 10, faults: { rateLimitRate: 1, retryAfterSeconds: 7 } });
    expect((await client(faulty).get('/v1/credits')).headers.get('retry-after')).toBe('0.7');
  });
});
