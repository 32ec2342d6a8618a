import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { OTHER_KEY, client, makeCollection, start, type Client } from './helpers.js';

/** Retries through injected 5xx/429 (never for other statuses). */
async function retrying(c: Client, method: string, path: string, body?: unknown) {
  for (let i = 0; i < 200; i++) {
    const r = await c.req(method, path, body);
    if (r.status !== 500 && r.status !== 429) return r;
  }
  throw new Error('never got through');
}

/** Raw GET: status, headers and how many body bytes arrived before the connection ended. */
function rawGet(url: string): Promise<{ status: number; length: number; received: number; aborted: boolean }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let received = 0;
        let aborted = false;
        res.on('data', (d: Buffer) => (received += d.length));
        res.on('aborted', () => (aborted = true));
        res.on('error', () => (aborted = true));
        res.on('close', () => resolve({ status: res.statusCode!, length: Number(res.headers['content-length']), received, aborted }));
      })
      .on('error', reject);
  });
}

describe('emulator faults', () => {
  it('5xx: internal_error bodies, and a failed request never charges', async () => {
    const emu = await start({ faults: { serverErrorRate: 0.5 } });
    const c = client(emu);
    const p = await retrying(c, 'POST', '/v1/projects', { name: 'P' });
    const col = await retrying(c, 'POST', '/v1/collections', { name: 'C', project_id: p.body.data.id, description: 'd' });
    let accepted = 0;
    let errors = 0;
    for (let i = 0; i < 20; i++) {
      const r = await c.post(`/v1/collections/${col.body.data.id}/generate`, { type: 'image', name: `I${i}`, image_prompt: 'x' });
      if (r.status === 202) accepted++;
      else {
        expect(r.status).toBe(500);
        expect(r.body).toEqual({ error: { code: 'internal_error', message: expect.any(String) } });
        errors++;
      }
    }
    expect(accepted).toBeGreaterThan(0);
    expect(errors).toBeGreaterThan(0);
    const credits = await retrying(c, 'GET', '/v1/credits');
    expect(credits.body.data.balance).toBe(1000 - accepted);
    expect(emu.stats().creditsCharged).toBe(accepted);
    expect(emu.stats().faults.serverError).toBeGreaterThanOrEqual(errors);
  });

  it('the same seed injects the same faults in the same order', async () => {
    const statuses = async () => {
      const emu = await start({ seed: 5, faults: { serverErrorRate: 0.3, rateLimitRate: 0.3 } });
      const c = client(emu);
      const out: number[] = [];
      for (let i = 0; i < 15; i++) out.push((await c.get('/v1/credits')).status);
      return out;
    };
    const a = await statuses();
    expect(a).toEqual(await statuses());
    expect(new Set(a)).toEqual(new Set([200, 429, 500]));
  });

  it('429 with Retry-After from rateLimitRate', async () => {
    const emu = await start({ faults: { rateLimitRate: 1, retryAfterSeconds: 7 } });
    const r = await client(emu).get('/v1/credits');
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('7');
    expect(r.body.error.code).toBe('rate_limited');
  });

  it('dropped connections: the socket closes without a response', async () => {
    const emu = await start({ faults: { dropConnectionRate: 1 } });
    const res = await fetch(`${emu.url}/v1/projects`, {
      method: 'POST',
      headers: { authorization: `Bearer ${emu.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'P' }),
    }).then(
      () => 'answered',
      (e: unknown) => e,
    );
    expect(res).toBeInstanceOf(TypeError);
    expect(emu.stats().faults.dropped).toBe(1);
  });

  it('truncated CDN bodies: full Content-Length promised, part sent, connection cut', async () => {
    const emu = await start({ faults: { truncateCdnRate: 1 } });
    const c = client(emu);
    const col = await makeCollection(c);
    const r = await c.post(`/v1/collections/${col}/generate`, { type: 'image', name: 'W', image_prompt: 'w' });
    await c.finish(r.body.data.job_id);
    const got = await rawGet(r.body.data.urls.image);
    expect(got.status).toBe(200);
    expect(got.length).toBe((await c.get(`/v1/assets/${r.body.data.asset_ids.image}`)).body.data.bytes);
    expect(got.received).toBeLessThan(got.length);
    expect(got.aborted).toBe(true);
    expect(emu.stats().faults.truncated).toBe(1);
  });

  it('jobFailureRate 1: every job fails and is refunded', async () => {
    const emu = await start({ faults: { jobFailureRate: 1 } });
    const c = client(emu);
    const col = await makeCollection(c);
    const r = await c.post(`/v1/collections/${col}/generate-batch`, {
      items: [{ type: 'image', name: 'A', image_prompt: 'a' }, { type: 'animation', name: 'B', image_prompt: 'b', animation_prompt: 'c', duration: 2 }],
    });
    expect(await c.balance()).toBe(1000 - 12);
    for (const j of r.body.data.jobs) expect((await c.finish(j.job_id)).status).toBe('failed');
    expect(await c.balance()).toBe(1000);
    expect(emu.stats()).toMatchObject({ creditsCharged: 12, creditsRefunded: 12 });
  });

  it('jobFailureRate 0.5: a seeded run fails the same jobs every time', async () => {
    const outcomes = async () => {
      const emu = await start({ seed: 11, faults: { jobFailureRate: 0.5 } });
      const c = client(emu);
      const col = await makeCollection(c);
      const r = await c.post(`/v1/collections/${col}/generate-batch`, {
        items: Array.from({ length: 10 }, (_, i) => ({ type: 'image', name: `I${i}`, image_prompt: 'x' })),
      });
      const out: string[] = [];
      for (const j of r.body.data.jobs) out.push((await c.finish(j.job_id)).status);
      return out;
    };
    const a = await outcomes();
    expect(a).toEqual(await outcomes());
    expect(a).toContain('failed');
    expect(a).toContain('completed');
  });

  it('per-key rate limit: 429 with Retry-After past the limit; other keys unaffected', async () => {
    const emu = await start({ rateLimit: { perMinute: 3 }, keys: [{ key: OTHER_KEY }] });
    const c = client(emu);
    for (let i = 0; i < 3; i++) expect((await c.get('/v1/credits')).status).toBe(200);
    const limited = await c.get('/v1/credits');
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    const after = Number(limited.headers.get('retry-after'));
    expect(after).toBeGreaterThan(0);
    expect(after).toBeLessThanOrEqual(60);
    expect((await client(emu, OTHER_KEY).get('/v1/credits')).status).toBe(200);
  });
});
