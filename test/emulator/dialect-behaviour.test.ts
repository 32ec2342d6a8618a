/** What dialects do differently beyond shapes: batch keys, the docs' deferred reverse job, idempotency, lists, filters. */
import { describe, expect, it } from 'vitest';
import { DIALECTS, startEmulator, type Dialect } from '../../src/emulator/index.js';
import { startTestEmulator } from '../helpers/emulator.js';
import { batchJobs, finish, list, one } from './dialect-helpers.js';
import { client, start, type Client } from './helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** A project and a collection, read in the dialect's shape; the collection id. */
async function collection(c: Client, dialect: Dialect): Promise<string> {
  const p = one(dialect, (await c.post('/v1/projects', { name: 'P' })).body);
  return one(dialect, (await c.post('/v1/collections', { name: 'Fox', project_id: p.id, description: 'a fox' })).body).id;
}

/** Two ready images; their generate answers. */
async function twoImages(c: Client, dialect: Dialect, col: string): Promise<[any, any]> {
  const out: any[] = [];
  for (const name of ['Idle', 'Wave']) {
    const g = one(dialect, (await c.post(`/v1/collections/${col}/generate`, { type: 'image', name, image_prompt: name })).body);
    await finish(c, dialect, g.job_id);
    out.push(g);
  }
  return out as [any, any];
}

const images = (n: number) => Array.from({ length: n }, (_, i) => ({ type: 'image', name: `I${i}`, image_prompt: 'x' }));

describe('emulator dialects: batch body keys', () => {
  const accepted: Record<Dialect, Array<'items' | 'requests'>> = {
    reference: ['items', 'requests'],
    docs: ['requests'],
    'docs-legacy': ['items', 'requests'],
    seed: ['items'],
    minimal: ['items', 'requests'],
  };
  const refusals: Partial<Record<Dialect, [string, unknown]>> = {
    docs: ['items', { error: { code: 'bad_request', message: 'items: unknown field (use requests)', field: 'items' } }],
    seed: ['requests', { error: { code: 'bad_request', message: 'requests: unknown field (use items)', field: 'requests' } }],
  };

  it.each(DIALECTS.map((d) => [d]))('%s: accepts its keys; a refused key is a 400 that charges nothing', async (dialect) => {
    const t = await startTestEmulator({ dialect, latencyMs: 10 });
    try {
      const c = client(t.emu);
      const col = await collection(c, dialect);
      for (const key of accepted[dialect]) {
        const r = await c.post(`/v1/collections/${col}/generate-batch`, { [key]: images(2) });
        expect(r.status, key).toBe(202);
        expect(batchJobs(dialect, r.body)).toHaveLength(2);
      }
      const spent = 2 * accepted[dialect].length;
      expect(await t.balance()).toBe(1000 - spent);
      const refusal = refusals[dialect];
      if (refusal) {
        const [key, body] = refusal;
        const r = await c.post(`/v1/collections/${col}/generate-batch`, { [key]: images(2) });
        expect([r.status, r.body]).toEqual([400, body]);
      }
      const stats = await t.stats();
      expect(stats.credits_charged).toBe(spent);
      expect(stats.jobs_created).toBe(spent);
      expect(await t.balance()).toBe(1000 - spent);
      const jobs = await t.jobs();
      expect(jobs.map((j) => j.item_name)).toEqual(accepted[dialect].flatMap(() => ['I0', 'I1']));
      expect((await t.item(jobs[0]!.item_id)).assets.map((a) => a.key).sort()).toEqual(['image', 'transparent_image']);
    } finally {
      await t.close();
    }
  });
});

describe('emulator dialects: auto_reverse', () => {
  it('docs: no reverse_job in the answer; a free `reverse` job on its own item appears when the forward job completes', async () => {
    const emu = await start({ dialect: 'docs', latencyMs: { image: 10, transition: 1500 } });
    const c = client(emu);
    const col = await collection(c, 'docs');
    const [idle, wave] = await twoImages(c, 'docs', col);
    const reverses = async () => list('docs', (await c.get(`/v1/jobs?collection_id=${col}&type=reverse`)).body, 'jobs');
    const t = one(
      'docs',
      (
        await c.post(`/v1/collections/${col}/generate`, {
          type: 'animation', name: 'Idle to Wave', source_image_asset_id: idle.asset_ids.image, end_image_asset_id: wave.asset_ids.image,
          animation_prompt: 'turning', duration: 2, auto_reverse: true, reverse_name: 'Wave to Idle',
        })
      ).body,
    );
    expect(t.reverse_job).toBeUndefined();
    expect(t.cost_credits).toBe(10);
    // One list is one snapshot: while the forward job runs, there is no reverse job.
    const early = list('docs', (await c.get(`/v1/jobs?collection_id=${col}`)).body, 'jobs');
    expect(early.map((j: any) => [j.type, j.status === 'completed'])).toEqual([['animation', false], ['image_generation', true], ['image_generation', true]]);
    expect(await reverses()).toEqual([]);

    expect((await finish(c, 'docs', t.job_id)).status).toBe('completed');
    const [rev, ...more] = await reverses();
    expect(more).toEqual([]);
    expect(rev).toMatchObject({ type: 'reverse', cost_credits: 0, item_name: 'Wave to Idle', collection_id: col });
    expect(rev.item_id).not.toBe(t.item_id);
    expect((await finish(c, 'docs', rev.id)).status).toBe('completed');
    const item = one('docs', (await c.get(`/v1/items/${rev.item_id}`)).body);
    expect(item.assets.map((a: any) => a.type).sort()).toEqual(['hevc', 'video', 'webm']);
    // The forward job is an `animation`; the reverse is free.
    expect(list('docs', (await c.get(`/v1/jobs?type=animation`)).body, 'jobs').map((j: any) => j.id)).toEqual([t.job_id]);
    expect(emu.stats()).toMatchObject({ creditsCharged: 12, jobsCreated: 4 });
    expect(emu.wireStats().jobs_by_item[rev.item_id]).toBe(1);
  });

  it('docs: a forward job that fails makes no reverse job (and is refunded)', async () => {
    const emu = await start({ dialect: 'docs', latencyMs: 10, faults: { failPromptsContaining: ['doomed'] } });
    const c = client(emu);
    const col = await collection(c, 'docs');
    const [idle, wave] = await twoImages(c, 'docs', col);
    const t = one(
      'docs',
      (
        await c.post(`/v1/collections/${col}/generate`, {
          type: 'animation', name: 'Doomed', source_image_asset_id: idle.asset_ids.image, end_image_asset_id: wave.asset_ids.image,
          animation_prompt: 'doomed', duration: 1, auto_reverse: true,
        })
      ).body,
    );
    expect((await finish(c, 'docs', t.job_id)).status).toBe('failed');
    expect(list('docs', (await c.get(`/v1/jobs?type=reverse`)).body, 'jobs')).toEqual([]);
    expect(emu.stats()).toMatchObject({ creditsCharged: 7, creditsRefunded: 5, jobsCreated: 3 });
  });

  it('docs: a reverse job still owed when the emulator stops is made after a restart', async () => {
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const dataDir = await mkdtemp(path.join(tmpdir(), 'emu-docs-'));
    try {
      const opts = { dialect: 'docs' as const, dataDir, port: 0, media: 'fallback' as const, seed: 3, latencyMs: { image: 10, transition: 1500 } };
      let emu = await startEmulator(opts);
      const c = client(emu);
      const col = await collection(c, 'docs');
      const [idle, wave] = await twoImages(c, 'docs', col);
      const t = one('docs', (await c.post(`/v1/collections/${col}/generate`, {
        type: 'animation', name: 'T', source_image_asset_id: idle.asset_ids.image, end_image_asset_id: wave.asset_ids.image,
        animation_prompt: 'turning', duration: 1, auto_reverse: true,
      })).body);
      expect(list('docs', (await c.get(`/v1/jobs?type=reverse`)).body, 'jobs')).toEqual([]);
      await emu.close(); // before the forward job ends
      emu = await startEmulator({ ...opts, latencyMs: 10 });
      const c2 = client(emu);
      expect((await finish(c2, 'docs', t.job_id)).status).toBe('completed');
      const revs = list('docs', (await c2.get(`/v1/jobs?type=reverse`)).body, 'jobs');
      expect(revs.map((j: any) => j.item_name)).toEqual(['T (reverse)']);
      await emu.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('seed: reverse_job has its own job_id, asset_ids, urls, cost and name but no item_id; its job view has one', async () => {
    const emu = await start({ dialect: 'seed' });
    const c = client(emu);
    const col = await collection(c, 'seed');
    const [idle, wave] = await twoImages(c, 'seed', col);
    const t = (await c.post(`/v1/collections/${col}/generate`, {
      type: 'animation', name: 'Idle to Wave', source_image_asset_id: idle.asset_ids.image, end_image_asset_id: wave.asset_ids.image,
      animation_prompt: 'turning', duration: 1, auto_reverse: true,
    })).body.data;
    expect(Object.keys(t.reverse_job).sort()).toEqual(['asset_ids', 'cost_credits', 'item_name', 'job_id', 'urls']);
    const job = await finish(c, 'seed', t.reverse_job.job_id);
    expect(job.item_id).toEqual(expect.any(String));
    expect(job.item_id).not.toBe(t.item_id);
    expect(job.asset_ids).toEqual(t.reverse_job.asset_ids);
  });
});

describe('emulator dialects: Idempotency-Key', () => {
  const honoured: Record<Dialect, boolean> = { reference: true, seed: true, docs: false, 'docs-legacy': false, minimal: false };

  /** Posts the same generate twice with one key; the job ids and what was charged. */
  async function twice(dialect: Dialect, idempotency?: boolean) {
    const emu = await start(idempotency === undefined ? { dialect } : { dialect, idempotency });
    const c = client(emu);
    const col = await collection(c, dialect);
    const body = { type: 'image', name: 'W', image_prompt: 'w' };
    const a = await c.post(`/v1/collections/${col}/generate`, body, { 'idempotency-key': 'k1' });
    const b = await c.post(`/v1/collections/${col}/generate`, body, { 'idempotency-key': 'k1' });
    expect([a.status, b.status]).toEqual([202, 202]);
    return { ids: [one(dialect, a.body).job_id, one(dialect, b.body).job_id], charged: emu.stats().creditsCharged, replayed: b.headers.get('idempotent-replayed') };
  }

  it.each(DIALECTS.map((d) => [d]))('%s: honoured or ignored by default as documented', async (dialect) => {
    const r = await twice(dialect);
    if (honoured[dialect]) expect(r).toEqual({ ids: [r.ids[0], r.ids[0]], charged: 1, replayed: 'true' });
    else {
      expect(r.ids[0]).not.toBe(r.ids[1]);
      expect([r.charged, r.replayed]).toEqual([2, null]);
    }
  });

  it('the idempotency option overrides the dialect both ways', async () => {
    const forced = await twice('docs', true);
    expect([forced.ids[0] === forced.ids[1], forced.charged]).toEqual([true, 1]);
    const off = await twice('reference', false);
    expect([off.ids[0] === off.ids[1], off.charged]).toEqual([false, 2]);
  });
});

describe('emulator dialects: lists, filters, credits', () => {
  it('docs-legacy: a list is everything under its name, whatever limit says', async () => {
    const emu = await start({ dialect: 'docs-legacy' });
    const c = client(emu);
    for (let i = 0; i < 55; i++) await c.post('/v1/projects', { name: `P${i}` });
    const r = await c.get('/v1/projects?limit=2');
    expect(Object.keys(r.body)).toEqual(['projects']);
    expect(r.body.projects).toHaveLength(55);
  });

  it('job type filters take the dialect’s own values', async () => {
    const docs = client(await start({ dialect: 'docs' }));
    const refused = await docs.get('/v1/jobs?type=image');
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'bad_request', field: 'type', message: expect.stringContaining('image_generation, item_generation') });
    expect((await docs.get('/v1/jobs?type=size_variant')).body.data).toEqual([]);
    const legacy = client(await start({ dialect: 'docs-legacy' }));
    const old = await legacy.get('/v1/jobs?type=image_generation');
    expect([old.status, old.body.field]).toEqual([400, 'type']);
    expect(old.body.error).toContain('image, animation, logo, edit');
  });

  it('minimal: credits name no balance, yet the balance is kept: 402 when short, charged when not', async () => {
    const t = await startTestEmulator({ dialect: 'minimal', credits: 3 });
    try {
      const c = client(t.emu);
      expect((await c.get('/v1/credits')).body).toEqual({ data: {} });
      const col = await collection(c, 'minimal');
      const short = await c.post(`/v1/collections/${col}/generate`, { type: 'animation', name: 'D', image_prompt: 'a', animation_prompt: 'b', duration: 1 });
      expect(short.status).toBe(402);
      expect(short.body.error).toMatchObject({ code: 'insufficient_credits', required: 6, balance: 3 });
      const batch = await c.post(`/v1/collections/${col}/generate-batch`, { items: images(2) });
      expect(batch.body).toEqual({ data: { jobs: [expect.not.objectContaining({ cost_credits: expect.anything() }), expect.anything()] } });
      expect(await t.balance()).toBe(1);
    } finally {
      await t.close();
    }
  });
});
