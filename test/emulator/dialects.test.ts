/**
 * Every endpoint's answer in every dialect: one tour of the API per dialect, its answers checked key by key
 * against the table below (exact key sets, so a field that leaks from another dialect fails).
 */
import { describe, expect, it } from 'vitest';
import { ASSET_STATUS_HEADER } from '../../src/api/wire.js';
import { DIALECTS, type Dialect } from '../../src/emulator/index.js';
import { batchJobs, batchKey, finish, keys, list, one } from './dialect-helpers.js';
import { OTHER_KEY, client, start, type Reply } from './helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

const s = (...k: string[]) => k.sort();
const REF_JOB = s('id', 'status', 'type', 'collection_id', 'item_id', 'item_name', 'cost_credits', 'progress', 'asset_ids', 'urls', 'error', 'created_at', 'updated_at', 'completed_at');
const REF_GEN = s('job_id', 'poll_url', 'status', 'type', 'item_id', 'item_name', 'cost_credits', 'asset_ids', 'urls');
const REF_REVERSE = s('job_id', 'item_id', 'item_name', 'cost_credits', 'asset_ids', 'urls');
const REF_ITEM = s('id', 'collection_id', 'name', 'type', 'archived', 'assets', 'created_at', 'updated_at');
const REF_ASSET = s('id', 'item_id', 'key', 'format', 'url', 'status', 'job_id', 'bytes', 'sha256');
const REF_COLLECTION = s('id', 'name', 'description', 'project_id', 'slug', 'created_at');
const PROMPT_KEYS = ['image_prompt', 'animation_prompt', 'duration', 'loop', 'prompt'];
const NO_PROMPTS = { Idle: [], Wave: [], Dance: [], 'Idle to Wave': [], 'Idle to Wave (reverse)': [] };
const REF_PROMPTS = { Idle: ['image_prompt'], Wave: ['image_prompt'], Dance: s('image_prompt', 'animation_prompt', 'duration', 'loop'), 'Idle to Wave': s('animation_prompt', 'duration', 'loop'), 'Idle to Wave (reverse)': [] };
const LIST_META = { pagination: { total: expect.any(Number), limit: 50, offset: 0, has_more: false } };
const without = (k: string[], ...drop: string[]) => k.filter((x) => !drop.includes(x));

/** What each dialect answers; `null` where the dialect has no such thing. */
interface Shapes {
  credits: any;
  project: string[];
  collection: string[];
  collectionSummary: string[];
  generated: string[];
  reverseJob: string[] | null;
  /** the batch body besides its jobs, with the jobs replaced by 'JOBS' */
  batch: any;
  job: string[];
  jobType: { image: string; animation: string };
  item: string[];
  /** the prompt fields of item views, by item name (the rest is `item`) */
  itemPrompts: Record<string, string[]>;
  itemAsset: string[];
  asset: string[];
  /** how lists are wrapped (`meta` or a bare named key) */
  paged: boolean;
  errors: { 400: any; batch400: (key: string) => any; 401: any; 402: any; 403: any; 404: any };
  cdnHeader: boolean;
}

const reference: Shapes = {
  credits: { data: { balance: 1000, plan: 'pro', subscription_credits: 1000, topup_credits: 0 } },
  project: s('id', 'name', 'created_at'),
  collection: s(...REF_COLLECTION, 'config'),
  collectionSummary: REF_COLLECTION,
  generated: REF_GEN,
  reverseJob: REF_REVERSE,
  batch: { data: { jobs: 'JOBS', total_cost_credits: 7 } },
  job: REF_JOB,
  jobType: { image: 'image', animation: 'animation' },
  item: REF_ITEM,
  itemPrompts: REF_PROMPTS,
  itemAsset: REF_ASSET,
  asset: REF_ASSET,
  paged: true,
  errors: {
    400: { error: { code: 'bad_request', message: 'duration: must be a whole number 1–15, got 99', field: 'duration' } },
    batch400: (key) => ({ error: { code: 'bad_request', message: `${key}[1].image_prompt: is required`, field: 'image_prompt', index: 1 } }),
    401: { error: { code: 'unauthorized', message: 'invalid or revoked API key' } },
    402: { error: { code: 'insufficient_credits', message: expect.any(String), required: 21, balance: 5 } },
    403: { error: { code: 'forbidden', message: expect.any(String), required_plan: 'pro', plan: 'starter' } },
    404: { error: { code: 'not_found', message: expect.stringContaining('nope') } },
  },
  cdnHeader: true,
};

const SHAPES: Record<Dialect, Shapes> = {
  reference,
  seed: { ...reference, reverseJob: without(REF_REVERSE, 'item_id') },
  minimal: {
    ...reference,
    credits: { data: {} },
    itemPrompts: NO_PROMPTS,
    generated: without(REF_GEN, 'cost_credits'),
    reverseJob: without(REF_REVERSE, 'cost_credits'),
    batch: { data: { jobs: 'JOBS' } },
    errors: { ...reference.errors, batch400: (key) => ({ error: { code: 'bad_request', message: `${key}[1].image_prompt: is required`, field: 'image_prompt' } }) },
    cdnHeader: false,
  },
  docs: {
    credits: { data: { balance: 1000, subscription_credits: 1000, topup_credits: 0 } },
    project: s('id', 'name', 'organization_id', 'created_at', 'updated_at'),
    collection: s('id', 'name', 'type', 'project_id', 'slug', 'config', 'created_at', 'updated_at'),
    collectionSummary: s('id', 'project_id', 'name', 'type', 'is_published', 'public_slug', 'user_prefix', 'created_at'),
    generated: without(REF_GEN, 'type'),
    reverseJob: null,
    batch: { data: 'JOBS', meta: { total_cost_credits: 7 } },
    job: s('id', 'status', 'type', 'collection_id', 'cost_credits', 'created_at', 'updated_at', 'item_id', 'item_name', 'urls', 'error'),
    jobType: { image: 'image_generation', animation: 'item_generation' },
    item: s('id', 'name', 'type', 'collection_id', 'archived', 'created_at', 'updated_at', 'assets'),
    itemPrompts: { ...NO_PROMPTS, Idle: ['prompt'], Wave: ['prompt'], Dance: ['prompt'] },
    itemAsset: s('id', 'type', 'url', 'status'),
    asset: s('id', 'item_id', 'type', 'url', 'status'),
    paged: true,
    errors: {
      ...reference.errors,
      402: { error: { code: 'insufficient_credits', message: 'Not enough credits. Required: 21, balance: 5.', required: 21, balance: 5 } },
      403: { error: { code: 'forbidden', message: 'Logo generation requires a Pro plan or higher.' } },
    },
    cdnHeader: false,
  },
  'docs-legacy': {
    credits: { credits: 1000, subscription_credits: 1000, topup_credits: 0 },
    project: s('id', 'name', 'created_at'),
    collection: s('id', 'project_id', 'name', 'description', 'config', 'created_at', 'updated_at'),
    collectionSummary: s('id', 'project_id', 'name', 'description', 'created_at', 'item_count', 'asset_count'),
    generated: s('job_id', 'status', 'item_id', 'cost_credits', 'asset_ids', 'urls'),
    reverseJob: REF_REVERSE,
    batch: { jobs: 'JOBS', total_cost_credits: 7 },
    job: s('id', 'status', 'type', 'collection_id', 'created_at', 'completed_at', 'cost_credits', 'output_data', 'asset_ids', 'urls', 'error'),
    jobType: { image: 'image', animation: 'animation' },
    item: REF_ITEM,
    itemPrompts: NO_PROMPTS,
    itemAsset: REF_ASSET,
    asset: REF_ASSET,
    paged: false,
    errors: {
      400: { error: 'duration: must be a whole number 1–15, got 99', field: 'duration' },
      batch400: (key) => ({ error: `${key}[1].image_prompt: is required`, field: 'image_prompt', index: 1 }),
      401: { error: 'invalid or revoked API key' },
      402: { error: 'Insufficient credits', required: 21, available: 5 },
      403: { error: expect.any(String) },
      404: { error: expect.stringContaining('nope') },
    },
    cdnHeader: false,
  },
};

describe.each(DIALECTS.map((d) => [d]))('dialect %s: the shape of every answer', (dialect) => {
  const shape = SHAPES[dialect];

  it('answers every endpoint in its own shape', async () => {
    // The transition never ends during the tour, so the docs' deferred reverse job never appears in it.
    const latencyMs = { image: 30, animation: 30, edit: 30, logo: 30, transition: 600_000 };
    const emu = await start({ dialect, latencyMs, keys: [{ key: OTHER_KEY, plan: 'starter', credits: 5 }] });
    expect(emu.dialect).toBe(dialect);
    const c = client(emu);
    const other = client(emu, OTHER_KEY);
    const get1 = async (path: string) => one(dialect, (await ok(c.get(path))).body);
    const listOf = async (path: string, name: string) => {
      const r = await ok(c.get(path));
      if (shape.paged) expect(r.body.meta).toEqual(LIST_META);
      else expect(keys(r.body)).toEqual([name]);
      return list(dialect, r.body, name);
    };

    expect((await ok(c.get('/v1/credits'))).body).toEqual(shape.credits);

    const p = await ok(c.post('/v1/projects', { name: 'P' }), 201);
    const project = one(dialect, p.body);
    expect(keys(project)).toEqual(shape.project);
    expect((await listOf('/v1/projects', 'projects')).map(keys)).toEqual([shape.project]);

    const col = await ok(c.post('/v1/collections', { name: 'Fox', project_id: project.id, description: 'a fox' }), 201);
    const collection = one(dialect, col.body);
    expect(keys(collection)).toEqual(shape.collection);
    expect(keys(await get1(`/v1/collections/${collection.id}`))).toEqual(shape.collection);
    expect((await listOf('/v1/collections', 'collections')).map(keys)).toEqual([shape.collectionSummary]);
    const base = `/v1/collections/${collection.id}`;

    const idle = one(dialect, (await ok(c.post(`${base}/generate`, { type: 'image', name: 'Idle', image_prompt: 'standing' }), 202)).body);
    expect(keys(idle)).toEqual(shape.generated);
    expect(idle.status).toBe('pending');
    const batch = await ok(
      c.post(`${base}/generate-batch`, {
        [batchKey(dialect)]: [
          { type: 'image', name: 'Wave', image_prompt: 'waving' },
          { type: 'animation', name: 'Dance', image_prompt: 'dance', animation_prompt: 'bouncing', duration: 1 },
        ],
      }),
      202,
    );
    const [wave, dance] = batchJobs(dialect, batch.body);
    expect(batchFrame(dialect, batch.body)).toEqual(shape.batch);
    expect([keys(wave), keys(dance)]).toEqual([shape.generated, shape.generated]);
    expect([wave.item_id, dance.item_id]).not.toContain(idle.item_id);

    const idleJob = await finish(c, dialect, idle.job_id);
    expect(keys(idleJob)).toEqual(shape.job);
    expect(idleJob).toMatchObject({ id: idle.job_id, status: 'completed', type: shape.jobType.image, cost_credits: 1, error: null });
    expect(idleJob.urls).toEqual(idle.urls);
    await finish(c, dialect, wave.job_id);
    expect((await finish(c, dialect, dance.job_id)).type).toBe(shape.jobType.animation);
    if (dialect === 'docs-legacy') {
      expect(idleJob.output_data).toEqual({ item_id: idle.item_id });
      expect((await finish(c, dialect, dance.job_id)).output_data).toEqual({ item_id: dance.item_id, duration: 1 });
    } else {
      expect(idleJob.item_id).toBe(idle.item_id);
    }

    const transition = one(
      dialect,
      (
        await ok(
          c.post(`${base}/generate`, {
            type: 'animation', name: 'Idle to Wave', source_image_asset_id: idle.asset_ids.image, end_image_asset_id: wave.asset_ids.image,
            animation_prompt: 'turning', duration: 1, auto_reverse: true,
          }),
          202,
        )
      ).body,
    );
    if (shape.reverseJob === null) expect(keys(transition)).toEqual(shape.generated);
    else {
      expect(keys(transition)).toEqual([...shape.generated, 'reverse_job'].sort());
      expect(keys(transition.reverse_job)).toEqual(shape.reverseJob);
      expect(transition.reverse_job.item_name).toBe('Idle to Wave (reverse)');
    }

    const jobs = await listOf('/v1/jobs', 'jobs');
    expect(jobs.map(keys)).toEqual(Array(jobs.length).fill(shape.job));
    expect(jobs.length).toBe(shape.reverseJob === null ? 4 : 5);
    const images = await listOf(`/v1/jobs?type=${shape.jobType.image}`, 'jobs');
    expect(images.map((j) => j.id).sort()).toEqual([idle.job_id, wave.job_id].sort());

    const items = await listOf(`${base}/items`, 'items');
    expect(items.map((i) => i.name)).toEqual(['Idle', 'Wave', 'Dance', 'Idle to Wave', ...(shape.reverseJob === null ? [] : ['Idle to Wave (reverse)'])]);
    const plain = (i: any) => keys(i).filter((k) => !PROMPT_KEYS.includes(k));
    expect(items.map(plain)).toEqual(Array(items.length).fill(shape.item));
    expect(Object.fromEntries(items.map((i) => [i.name, keys(i).filter((k) => PROMPT_KEYS.includes(k))]))).toEqual(
      Object.fromEntries(Object.entries(shape.itemPrompts).filter(([name]) => items.some((i) => i.name === name))),
    );
    const item = await get1(`/v1/items/${idle.item_id}`);
    expect(plain(item)).toEqual(shape.item);
    expect(item.assets.map(keys)).toEqual([shape.itemAsset, shape.itemAsset]);
    const renamed = one(dialect, (await ok(c.patch(`/v1/items/${idle.item_id}`, { name: 'Rest' }))).body);
    expect(renamed).toMatchObject({ id: idle.item_id, name: 'Rest' });
    const asset = await get1(`/v1/assets/${idle.asset_ids.image}`);
    expect(keys(asset)).toEqual(shape.asset);
    expect(asset).toMatchObject({ id: idle.asset_ids.image, item_id: idle.item_id, url: idle.urls.image, status: 'ready' });
    expect(asset.key ?? asset.type).toBe('image');

    const preview = await get1Post(c, dialect, '/v1/generate/preview', { collection_id: collection.id, prompt: 'jumping' });
    expect(keys(preview)).toEqual(['expires_at', 'preview_url']);

    const cdn = await fetch(idle.urls.image);
    expect(cdn.status).toBe(200);
    expect(cdn.headers.get(ASSET_STATUS_HEADER)).toBe(shape.cdnHeader ? 'ready' : null);

    const e = shape.errors;
    expect((await c.post(`${base}/generate`, { type: 'animation', name: 'X', image_prompt: 'x', animation_prompt: 'y', duration: 99 })).body).toEqual(e[400]);
    const bad = await c.post(`${base}/generate-batch`, { [batchKey(dialect)]: [{ type: 'image', name: 'A', image_prompt: 'a' }, { type: 'image', name: 'B' }] });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual(e.batch400(batchKey(dialect)));
    expect((await client(emu, 'masko_' + 'cd'.repeat(32)).get('/v1/credits')).body).toEqual(e[401]);
    const otherProject = one(dialect, (await other.post('/v1/projects', { name: 'O' })).body);
    const otherCol = one(dialect, (await other.post('/v1/collections', { name: 'O', project_id: otherProject.id, description: 'o' })).body);
    const broke = await other.post(`/v1/collections/${otherCol.id}/generate`, { type: 'animation', name: 'D', image_prompt: 'a', animation_prompt: 'b' });
    expect([broke.status, broke.body]).toEqual([402, e[402]]);
    const logo = await other.post(`/v1/collections/${otherCol.id}/generate`, {
      type: 'logo', name: 'L', logo_description: 'a fox', logo_style_name: 'flat', logo_style_instruction: 'flat colours',
    });
    expect([logo.status, logo.body]).toEqual([403, e[403]]);
    const missing = await c.get('/v1/jobs/nope');
    expect([missing.status, missing.body]).toEqual([404, e[404]]);
    // Errors spent nothing: 1 + 7 + 5 (the transition) and the other key's 5 untouched.
    expect(emu.stats().creditsCharged).toBe(13);
    expect((await other.get('/v1/credits')).status).toBe(200);
    expect(emu.wireStats().jobs_created).toBe(shape.reverseJob === null ? 4 : 5);
  });
});

/** A batch body with its list of jobs replaced by 'JOBS'. */
function batchFrame(dialect: Dialect, body: any): any {
  if (dialect === 'docs-legacy') return { ...body, jobs: 'JOBS' };
  if (dialect === 'docs') return { ...body, data: 'JOBS' };
  return { ...body, data: { ...body.data, jobs: 'JOBS' } };
}

async function ok(p: Promise<Reply>, status = 200): Promise<Reply> {
  const r = await p;
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status} ${JSON.stringify(r.body)}`);
  return r;
}

async function get1Post(c: ReturnType<typeof client>, dialect: Dialect, path: string, body: unknown): Promise<any> {
  return one(dialect, (await ok(c.post(path, body))).body);
}
