import { describe, expect, it } from 'vitest';
import { client, makeCollection, readyImage, start } from './helpers.js';

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('emulator jobs', () => {
  it('a job goes pending → processing → completed with progress', async () => {
    const emu = await start({ latencyMs: 1000 });
    const c = client(emu);
    const col = await makeCollection(c);
    const r = await c.post(`/v1/collections/${col}/generate`, { type: 'image', name: 'W', image_prompt: 'waving' });
    const seen = new Set<string>();
    for (;;) {
      const j = (await c.get(`/v1/jobs/${r.body.data.job_id}`)).body.data;
      seen.add(j.status);
      expect(j.progress).toBeGreaterThanOrEqual(0);
      expect(j.progress).toBeLessThanOrEqual(1);
      if (j.status === 'completed') break;
      await new Promise((res) => setTimeout(res, 20));
    }
    expect(seen.has('processing')).toBe(true);
  });

  it('a latency longer than a Node timer can hold (about 24.8 days) keeps the job running, not done at once', async () => {
    const emu = await start({ latencyMs: 3e9 });
    const c = client(emu);
    const col = await makeCollection(c);
    const r = await c.post(`/v1/collections/${col}/generate`, { type: 'image', name: 'W', image_prompt: 'waving' });
    await new Promise((res) => setTimeout(res, 300));
    expect((await c.get(`/v1/jobs/${r.body.data.job_id}`)).body.data.status).not.toBe('completed');
  });

  it('?wait=true answers with the finished job once it completes', async () => {
    const emu = await start({ latencyMs: 200, longPollLimitMs: 30_000 });
    const c = client(emu);
    const col = await makeCollection(c);
    const r = await c.post(`/v1/collections/${col}/generate`, { type: 'image', name: 'W', image_prompt: 'waving' });
    const j = await c.get(`/v1/jobs/${r.body.data.job_id}?wait=true`);
    expect(j.status).toBe(200);
    expect(j.body.data).toMatchObject({ status: 'completed', progress: 1 });
  });

  it('?wait=true answers with the current state at the server limit', async () => {
    const emu = await start({ latencyMs: 20_000, longPollLimitMs: 100 });
    const c = client(emu);
    const col = await makeCollection(c);
    const r = await c.post(`/v1/collections/${col}/generate`, { type: 'image', name: 'W', image_prompt: 'waving' });
    const j = await c.get(`/v1/jobs/${r.body.data.job_id}?wait=true`);
    expect(j.status).toBe(200);
    expect(['pending', 'processing']).toContain(j.body.data.status);
    expect(emu.stats().activeLongPolls).toBe(0);
  });

  it('&timeout=S asks for a shorter wait; bad wait/timeout values are 400', async () => {
    const emu = await start({ latencyMs: 20_000 });
    const c = client(emu);
    const col = await makeCollection(c);
    const r = await c.post(`/v1/collections/${col}/generate`, { type: 'image', name: 'W', image_prompt: 'waving' });
    const id = r.body.data.job_id;
    const j = await c.get(`/v1/jobs/${id}?wait=true&timeout=0.1`);
    expect(['pending', 'processing']).toContain(j.body.data.status);
    expect((await c.get(`/v1/jobs/${id}?wait=true&timeout=abc`)).body.error.field).toBe('timeout');
    expect((await c.get(`/v1/jobs/${id}?wait=maybe`)).body.error.field).toBe('wait');
  });

  it('a long poll stops waiting when the client goes away', async () => {
    const emu = await start({ latencyMs: 20_000, longPollLimitMs: 60_000 });
    const c = client(emu);
    const col = await makeCollection(c);
    const r = await c.post(`/v1/collections/${col}/generate`, { type: 'image', name: 'W', image_prompt: 'waving' });
    const abort = new AbortController();
    const pending = fetch(`${emu.url}/v1/jobs/${r.body.data.job_id}?wait=true`, {
      headers: { authorization: `Bearer ${emu.key}` },
      signal: abort.signal,
    }).catch((e: unknown) => e);
    await until(() => emu.stats().activeLongPolls === 1, 'the long poll to start');
    abort.abort();
    await pending;
    await until(() => emu.stats().activeLongPolls === 0, 'the server to notice the disconnect');
  });

  it('lists jobs newest first with status, collection_id and type filters', async () => {
    const emu = await start({ faults: { failPromptsContaining: ['FAIL'] } });
    const c = client(emu);
    const col1 = await makeCollection(c, 'One', 'one');
    const col2 = await makeCollection(c, 'Two', 'two');
    const a = await readyImage(c, col1, 'A', 'a');
    const b = await readyImage(c, col2, 'B', 'b');
    const anim = await c.post(`/v1/collections/${col1}/generate`, { type: 'animation', name: 'C', image_prompt: 'FAIL', animation_prompt: 'x', duration: 1 });
    await c.finish(anim.body.data.job_id);

    const all = await c.get('/v1/jobs');
    expect(all.body.data.map((j: { id: string }) => j.id)).toEqual([anim.body.data.job_id, b.job_id, a.job_id]);
    expect(all.body.meta.pagination.total).toBe(3);
    const byCol = await c.get(`/v1/jobs?collection_id=${col1}`);
    expect(byCol.body.data.map((j: { id: string }) => j.id)).toEqual([anim.body.data.job_id, a.job_id]);
    const failed = await c.get('/v1/jobs?status=failed');
    expect(failed.body.data.map((j: { id: string }) => j.id)).toEqual([anim.body.data.job_id]);
    const images = await c.get(`/v1/jobs?type=image&collection_id=${col2}`);
    expect(images.body.data.map((j: { id: string }) => j.id)).toEqual([b.job_id]);
    const page = await c.get('/v1/jobs?limit=1&offset=1');
    expect(page.body.data.map((j: { id: string }) => j.id)).toEqual([b.job_id]);
    expect(page.body.meta.pagination.has_more).toBe(true);
    expect((await c.get('/v1/jobs?status=done')).body.error.field).toBe('status');
    expect((await c.get('/v1/jobs?type=gif')).body.error.field).toBe('type');
  });
});
