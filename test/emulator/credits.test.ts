import { describe, expect, it } from 'vitest';
import { client, makeCollection, readyImage, start } from './helpers.js';

const image = (name: string, prompt = 'waving') => ({ type: 'image', name, image_prompt: prompt });

describe('emulator credits, idempotency and batches', () => {
  it('402 with required and balance when the balance is short; nothing created', async () => {
    const emu = await start({ credits: 10 });
    const c = client(emu);
    const col = await makeCollection(c);
    const r = await c.post(`/v1/collections/${col}/generate`, { type: 'animation', name: 'D', image_prompt: 'a', animation_prompt: 'b', duration: 4 });
    expect(r.status).toBe(402);
    expect(r.body.error).toMatchObject({ code: 'insufficient_credits', required: 21, balance: 10 });
    expect(await c.balance()).toBe(10);
    expect(emu.stats().jobsCreated).toBe(0);
  });

  it('charges at submission and refunds when a job fails', async () => {
    // The failing job takes a second, so the balance is read between its charge and its refund.
    const emu = await start({ latencyMs: { image: 30, animation: 1000 }, faults: { failPromptsContaining: ['EXPLODE'] } });
    const c = client(emu);
    const col = await makeCollection(c);
    const ok = await c.post(`/v1/collections/${col}/generate`, image('Fine'));
    const bad = await c.post(`/v1/collections/${col}/generate`, { type: 'animation', name: 'Boom', image_prompt: 'EXPLODE now', animation_prompt: 'b', duration: 2 });
    expect(bad.status).toBe(202);
    expect(await c.balance()).toBe(1000 - 1 - 11);
    const failed = await c.finish(bad.body.data.job_id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatchObject({ code: 'generation_failed', message: expect.any(String) });
    expect(failed.completed_at).toBeNull();
    await c.finish(ok.body.data.job_id);
    expect(await c.balance()).toBe(999);
    expect(emu.stats()).toMatchObject({ creditsCharged: 12, creditsRefunded: 11, jobsCreated: 2 });
    // the failed job's assets never become ready
    expect((await c.get(`/v1/assets/${failed.asset_ids.image}`)).body.data.status).toBe('pending');
  });

  it('Idempotency-Key: same body replays the first answer without a second charge; another body is 409', async () => {
    const emu = await start();
    const c = client(emu);
    const col = await makeCollection(c);
    const h = { 'idempotency-key': 'wave-123' };
    const first = await c.post(`/v1/collections/${col}/generate`, image('Wave'), h);
    const second = await c.post(`/v1/collections/${col}/generate`, { image_prompt: 'waving', name: 'Wave', type: 'image' }, h);
    expect(second.status).toBe(202);
    expect(second.body).toEqual(first.body);
    expect(await c.balance()).toBe(999);
    expect(emu.stats().jobsCreated).toBe(1);

    const conflict = await c.post(`/v1/collections/${col}/generate`, image('Wave', 'other prompt'), h);
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.code).toBe('idempotency_conflict');
    expect(await c.balance()).toBe(999);
    // a different key is a different request
    const other = await c.post(`/v1/collections/${col}/generate`, image('Wave'), { 'idempotency-key': 'wave-456' });
    expect(other.body.data.job_id).not.toBe(first.body.data.job_id);
    expect(await c.balance()).toBe(998);
  });

  it('Idempotency-Key: concurrent duplicates create one job', async () => {
    const emu = await start();
    const c = client(emu);
    const col = await makeCollection(c);
    const h = { 'idempotency-key': 'same' };
    const replies = await Promise.all([1, 2, 3].map(() => c.post(`/v1/collections/${col}/generate`, image('Wave'), h)));
    expect(new Set(replies.map((r) => r.body.data.job_id)).size).toBe(1);
    expect(await c.balance()).toBe(999);
  });

  it('Idempotency-Key: an error is not remembered, so a corrected retry succeeds', async () => {
    const emu = await start({ credits: 0 });
    const c = client(emu);
    const col = await makeCollection(c);
    const h = { 'idempotency-key': 'k' };
    expect((await c.post(`/v1/collections/${col}/generate`, image('Wave'), h)).status).toBe(402);
    expect((await c.post(`/v1/collections/${col}/generate`, image('Wave'), h)).status).toBe(402);
  });

  it('batch: jobs in request order, total cost, `requests` alias', async () => {
    const emu = await start();
    const c = client(emu);
    const col = await makeCollection(c);
    const r = await c.post(`/v1/collections/${col}/generate-batch`, {
      items: [image('A'), { type: 'animation', name: 'B', image_prompt: 'b', animation_prompt: 'c', duration: 1 }, image('C')],
    });
    expect(r.status).toBe(202);
    expect(r.body.data.jobs.map((j: { item_name: string }) => j.item_name)).toEqual(['A', 'B', 'C']);
    expect(r.body.data.total_cost_credits).toBe(1 + 6 + 1);
    expect(await c.balance()).toBe(992);
    const alias = await c.post(`/v1/collections/${col}/generate-batch`, { requests: [image('D')] });
    expect(alias.status).toBe(202);
    expect(alias.body.data.jobs).toHaveLength(1);
    for (const j of [...r.body.data.jobs, ...alias.body.data.jobs]) expect((await c.finish(j.job_id)).status).toBe('completed');
  });

  it('batch is atomic: one invalid element → 400 with its index, nothing created or charged', async () => {
    const emu = await start();
    const c = client(emu);
    const col = await makeCollection(c);
    const r = await c.post(`/v1/collections/${col}/generate-batch`, {
      items: [image('A'), image('B'), { type: 'animation', name: 'C', image_prompt: 'b', animation_prompt: 'c', duration: 99 }],
    });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'bad_request', index: 2, field: 'duration' });
    expect(r.body.error.message).toContain('items[2].duration');
    expect(await c.balance()).toBe(1000);
    expect(emu.stats().jobsCreated).toBe(0);
    expect((await c.get(`/v1/collections/${col}/items`)).body.data).toEqual([]);
  });

  it('batch is atomic on cost: 402 for the total, nothing created', async () => {
    const emu = await start({ credits: 25 });
    const c = client(emu);
    const col = await makeCollection(c);
    const r = await c.post(`/v1/collections/${col}/generate-batch`, {
      items: [image('A'), { type: 'animation', name: 'B', image_prompt: 'b', animation_prompt: 'c', duration: 5 }],
    });
    expect(r.status).toBe(402);
    expect(r.body.error).toMatchObject({ required: 27, balance: 25 });
    expect(emu.stats().jobsCreated).toBe(0);
  });

  it('batch: plan gating names the index; more than 10, empty, both keys and non-arrays are 400', async () => {
    const emu = await start({ plan: 'free' });
    const c = client(emu);
    const col = await makeCollection(c);
    const logo = { type: 'logo', name: 'L', logo_description: 'd', logo_style_name: 'F', logo_style_instruction: 'f' };
    const gated = await c.post(`/v1/collections/${col}/generate-batch`, { items: [image('A'), logo] });
    expect(gated.status).toBe(403);
    expect(gated.body.error).toMatchObject({ code: 'forbidden', index: 1, required_plan: 'pro' });
    const eleven = await c.post(`/v1/collections/${col}/generate-batch`, { items: Array.from({ length: 11 }, (_, i) => image(`I${i}`)) });
    expect(eleven.body.error).toMatchObject({ code: 'bad_request', field: 'items' });
    expect((await c.post(`/v1/collections/${col}/generate-batch`, { items: [] })).status).toBe(400);
    expect((await c.post(`/v1/collections/${col}/generate-batch`, { items: [image('A')], requests: [image('B')] })).status).toBe(400);
    expect((await c.post(`/v1/collections/${col}/generate-batch`, { items: 'x' })).body.error.field).toBe('items');
    expect((await c.post(`/v1/collections/${col}/generate-batch`, {})).body.error.field).toBe('items');
    expect((await c.post(`/v1/collections/${col}/generate-batch`, { items: [5] })).body.error.index).toBe(0);
    expect(await c.balance()).toBe(1000);
    expect(emu.stats().jobsCreated).toBe(0);
  });

  it('ten images in one batch cost ten credits', async () => {
    const emu = await start();
    const c = client(emu);
    const col = await makeCollection(c);
    await readyImage(c, col);
    const r = await c.post(`/v1/collections/${col}/generate-batch`, { items: Array.from({ length: 10 }, (_, i) => image(`I${i}`)) });
    expect(r.status).toBe(202);
    expect(r.body.data.total_cost_credits).toBe(10);
    expect(await c.balance()).toBe(989);
  });
});
