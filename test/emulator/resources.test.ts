import { describe, expect, it } from 'vitest';
import { OTHER_KEY, client, makeCollection, readyImage, start } from './helpers.js';

describe('emulator resources', () => {
  it('reports credits with plan and balance', async () => {
    const emu = await start({ credits: 42, plan: 'starter' });
    const r = await client(emu).get('/v1/credits');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ data: { balance: 42, plan: 'starter', subscription_credits: 42, topup_credits: 0 } });
  });

  it('creates and lists projects and collections (filter by project, detail with config)', async () => {
    const emu = await start();
    const c = client(emu);
    const p1 = await c.post('/v1/projects', { name: 'One' });
    const p2 = await c.post('/v1/projects', { name: 'Two' });
    expect(p1.status).toBe(201);
    expect(p1.body.data).toMatchObject({ id: expect.any(String), name: 'One', created_at: expect.any(String) });
    const a = await c.post('/v1/collections', { name: 'Fox Friend', project_id: p1.body.data.id, description: 'a fox' });
    await c.post('/v1/collections', { name: 'Fox Friend', project_id: p2.body.data.id, description: 'another fox' });
    expect(a.status).toBe(201);
    expect(a.body.data).toMatchObject({ name: 'Fox Friend', slug: 'fox-friend', description: 'a fox', project_id: p1.body.data.id });

    const projects = await c.get('/v1/projects');
    expect(projects.body.data.map((x: { name: string }) => x.name)).toEqual(['One', 'Two']);
    expect(projects.body.meta.pagination).toEqual({ total: 2, limit: 50, offset: 0, has_more: false });

    const all = await c.get('/v1/collections');
    expect(all.body.data).toHaveLength(2);
    expect(all.body.data.map((x: { slug: string }) => x.slug)).toEqual(['fox-friend', 'fox-friend-2']);
    const filtered = await c.get(`/v1/collections?project_id=${p1.body.data.id}`);
    expect(filtered.body.data.map((x: { id: string }) => x.id)).toEqual([a.body.data.id]);

    const detail = await c.get(`/v1/collections/${a.body.data.id}`);
    expect(detail.body.data.config).toMatchObject({ description: 'a fox' });
  });

  it('paginates lists with limit and offset', async () => {
    const emu = await start();
    const c = client(emu);
    for (let i = 0; i < 5; i++) await c.post('/v1/projects', { name: `P${i}` });
    const page = await c.get('/v1/projects?limit=2&offset=2');
    expect(page.body.data.map((x: { name: string }) => x.name)).toEqual(['P2', 'P3']);
    expect(page.body.meta.pagination).toEqual({ total: 5, limit: 2, offset: 2, has_more: true });
    const bad = await c.get('/v1/projects?limit=0');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'bad_request', field: 'limit' });
  });

  it('lists items with their assets, gets, renames and archives an item, and gets an asset', async () => {
    const emu = await start();
    const c = client(emu);
    const col = await makeCollection(c);
    const gen = await readyImage(c, col, 'Waving hello', 'waving hello');
    const items = await c.get(`/v1/collections/${col}/items`);
    expect(items.status).toBe(200);
    expect(items.body.data).toHaveLength(1);
    const item = items.body.data[0];
    expect(item).toMatchObject({ id: gen.item_id, name: 'Waving hello', type: 'image', archived: false, collection_id: col });
    expect(item.assets.map((a: { key: string }) => a.key).sort()).toEqual(['image', 'transparent_image']);

    const renamed = await c.patch(`/v1/items/${gen.item_id}`, { name: 'Wave' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.data.name).toBe('Wave');
    const archived = await c.patch(`/v1/items/${gen.item_id}`, { archived: true });
    expect(archived.body.data).toMatchObject({ name: 'Wave', archived: true });
    expect((await c.get(`/v1/items/${gen.item_id}`)).body.data).toMatchObject({ name: 'Wave', archived: true });

    const asset = await c.get(`/v1/assets/${gen.asset_ids.image}`);
    expect(asset.body.data).toMatchObject({
      id: gen.asset_ids.image, item_id: gen.item_id, key: 'image', format: 'png', url: gen.urls.image, status: 'ready',
      bytes: expect.any(Number), sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });

    const empty = await c.patch(`/v1/items/${gen.item_id}`, {});
    expect(empty.status).toBe(400);
    const extra = await c.patch(`/v1/items/${gen.item_id}`, { name: 'x', colour: 'red' });
    expect(extra.body.error).toMatchObject({ code: 'bad_request', field: 'colour' });
  });

  it('answers 401 for a missing, malformed or unknown key', async () => {
    const emu = await start();
    const none = await fetch(`${emu.url}/v1/credits`);
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ error: { code: 'unauthorized', message: expect.any(String) } });
    expect((await client(emu, 'masko_123').get('/v1/credits')).status).toBe(401);
    const unknown = await client(emu, 'masko_' + 'f'.repeat(64)).get('/v1/credits');
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.code).toBe('unauthorized');
  });

  it('answers 404 for unknown ids and routes, and 403 for another key’s resources', async () => {
    const emu = await start({ keys: [{ key: OTHER_KEY, credits: 5 }] });
    const c = client(emu);
    for (const path of ['/v1/collections/nope', '/v1/items/nope', '/v1/assets/nope', '/v1/jobs/nope', '/v1/nothing-here']) {
      const r = await c.get(path);
      expect(r.status, path).toBe(404);
      expect(r.body.error.code).toBe('not_found');
    }
    const col = await makeCollection(c);
    const other = client(emu, OTHER_KEY);
    expect(await other.balance()).toBe(5);
    const r = await other.get(`/v1/collections/${col}`);
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('forbidden');
    expect((await other.get('/v1/collections')).body.data).toEqual([]);
  });

  it('rejects malformed JSON and bad bodies with 400 naming the field', async () => {
    const emu = await start();
    const c = client(emu);
    const bad = await c.post('/v1/projects', '{"name": ');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('bad_request');
    expect(bad.body.error.message).not.toMatch(/at .*\.ts/);
    expect((await c.post('/v1/projects', '[1,2]')).status).toBe(400);
    expect((await c.post('/v1/projects', '')).status).toBe(400);
    const typed = await c.post('/v1/projects', { name: 5 });
    expect(typed.body.error).toMatchObject({ field: 'name', message: expect.stringContaining('name') });
    const missing = await c.post('/v1/collections', { name: 'x', description: 'y' });
    expect(missing.body.error.field).toBe('project_id');
    const unknownProject = await c.post('/v1/collections', { name: 'x', description: 'y', project_id: 'nope' });
    expect(unknownProject.body.error).toMatchObject({ code: 'bad_request', field: 'project_id' });
  });

  it('counts requests by route pattern', async () => {
    const emu = await start();
    const c = client(emu);
    await c.get('/v1/credits');
    await c.get('/v1/items/a');
    await c.get('/v1/items/b');
    expect(emu.stats().requests).toMatchObject({ 'GET /v1/credits': 1, 'GET /v1/items/:id': 2 });
  });
});
