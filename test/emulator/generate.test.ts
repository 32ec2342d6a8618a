import { describe, expect, it } from 'vitest';
import { client, makeCollection, readyImage, start } from './helpers.js';

const keys = (o: Record<string, string>) => Object.keys(o).sort();

describe('emulator generate: every kind', () => {
  it('image: 1 credit, image + transparent_image, 202 with the documented keys', async () => {
    const emu = await start();
    const c = client(emu);
    const col = await makeCollection(c);
    const r = await c.post(`/v1/collections/${col}/generate`, { type: 'image', name: 'Waving hello', image_prompt: 'waving hello' });
    expect(r.status).toBe(202);
    expect(r.body.data).toMatchObject({
      job_id: expect.any(String), status: 'pending', type: 'image', item_id: expect.any(String), item_name: 'Waving hello', cost_credits: 1,
    });
    expect(r.body.data.poll_url).toBe(`${emu.url}/v1/jobs/${r.body.data.job_id}`);
    expect(keys(r.body.data.asset_ids)).toEqual(['image', 'transparent_image']);
    expect(r.body.data.urls.image).toMatch(new RegExp(`^${emu.url}/cdn/u[0-9a-f]{10}/fox-friend/waving-hello-[0-9a-f]{12}\\.png$`));
    expect(r.body.data.reverse_job).toBeUndefined();
    expect(await c.balance()).toBe(999);
    const job = await c.finish(r.body.data.job_id);
    expect(job).toMatchObject({ status: 'completed', progress: 1, error: null, cost_credits: 1, completed_at: expect.any(String) });
    expect(job.urls).toEqual(r.body.data.urls);
  });

  it('animation from a prompt: 1 + 5/s, image + three videos; loop and duration accepted', async () => {
    const emu = await start();
    const c = client(emu);
    const col = await makeCollection(c);
    const r = await c.post(`/v1/collections/${col}/generate`, {
      type: 'animation', name: 'Dance', image_prompt: 'dance pose', animation_prompt: 'dancing', duration: 4, loop: true,
    });
    expect(r.status).toBe(202);
    expect(r.body.data.cost_credits).toBe(21);
    expect(keys(r.body.data.asset_ids)).toEqual(['hevc', 'image', 'video', 'webm']);
    expect(r.body.data.urls.video).toMatch(/\.mp4$/);
    expect(r.body.data.urls.webm).toMatch(/\.webm$/);
    expect(r.body.data.urls.hevc).toMatch(/\.mov$/);
    expect(await c.balance()).toBe(979);
    expect((await c.finish(r.body.data.job_id)).status).toBe('completed');
  });

  it('duration defaults to 4 seconds', async () => {
    const emu = await start();
    const c = client(emu);
    const col = await makeCollection(c);
    const r = await c.post(`/v1/collections/${col}/generate`, { type: 'animation', name: 'D', image_prompt: 'a', animation_prompt: 'b' });
    expect(r.body.data.cost_credits).toBe(21);
  });

  it('animate an existing image: 5/s, three videos, source must be a ready image', async () => {
    const emu = await start();
    const c = client(emu);
    const col = await makeCollection(c);
    const img = await readyImage(c, col, 'Wave', 'waving');
    const r = await c.post(`/v1/collections/${col}/generate`, {
      type: 'animation', name: 'Wave animated', source_image_asset_id: img.asset_ids.image, animation_prompt: 'waving smoothly', duration: 4, loop: true,
    });
    expect(r.status).toBe(202);
    expect(r.body.data.cost_credits).toBe(20);
    expect(keys(r.body.data.asset_ids)).toEqual(['hevc', 'video', 'webm']);
    const job = await c.finish(r.body.data.job_id);
    // a video cannot be the source of another animation
    const bad = await c.post(`/v1/collections/${col}/generate`, {
      type: 'animation', name: 'X', source_image_asset_id: job.asset_ids.video, animation_prompt: 'x',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('source_image_asset_id');
  });

  it('transition with auto_reverse: 5/s, a free reverse_job on its own item, loop forced false', async () => {
    const emu = await start();
    const c = client(emu);
    const col = await makeCollection(c);
    const idle = await readyImage(c, col, 'Idle', 'standing');
    const wave = await readyImage(c, col, 'Wave', 'waving');
    const before = await c.balance();
    const r = await c.post(`/v1/collections/${col}/generate`, {
      type: 'animation', name: 'Idle to Wave', source_image_asset_id: idle.asset_ids.image, end_image_asset_id: wave.asset_ids.image,
      animation_prompt: 'transitioning', duration: 3, loop: true, auto_reverse: true, reverse_name: 'Wave to Idle',
    });
    expect(r.status).toBe(202);
    expect(r.body.data.cost_credits).toBe(15);
    const rev = r.body.data.reverse_job;
    expect(rev).toMatchObject({ job_id: expect.any(String), item_name: 'Wave to Idle', cost_credits: 0 });
    expect(rev.item_id).not.toBe(r.body.data.item_id);
    expect(keys(rev.asset_ids)).toEqual(['hevc', 'video', 'webm']);
    expect(await c.balance()).toBe(before - 15);
    expect((await c.finish(rev.job_id)).status).toBe('completed');
    expect((await c.finish(r.body.data.job_id)).status).toBe('completed');
    const items = (await c.get(`/v1/collections/${col}/items`)).body.data.map((i: { name: string }) => i.name);
    expect(items).toEqual(['Idle', 'Wave', 'Idle to Wave', 'Wave to Idle']);
  });

  it('transition without auto_reverse has no reverse_job; reverse_name alone is rejected', async () => {
    const emu = await start();
    const c = client(emu);
    const col = await makeCollection(c);
    const a = await readyImage(c, col, 'A', 'a');
    const b = await readyImage(c, col, 'B', 'b');
    const base = { type: 'animation', name: 'A to B', source_image_asset_id: a.asset_ids.image, end_image_asset_id: b.asset_ids.image, animation_prompt: 't' };
    const r = await c.post(`/v1/collections/${col}/generate`, base);
    expect(r.body.data.reverse_job).toBeUndefined();
    expect(r.body.data.cost_credits).toBe(20);
    const bad = await c.post(`/v1/collections/${col}/generate`, { ...base, reverse_name: 'B to A' });
    expect(bad.body.error.field).toBe('reverse_name');
    const noSource = await c.post(`/v1/collections/${col}/generate`, { type: 'animation', name: 'x', end_image_asset_id: b.asset_ids.image, animation_prompt: 't' });
    expect(noSource.body.error.field).toBe('source_image_asset_id');
  });

  it('edit: 1 credit, new image assets on the same item, earlier assets stay', async () => {
    const emu = await start();
    const c = client(emu);
    const col = await makeCollection(c);
    const wave = await readyImage(c, col, 'Wave', 'waving');
    const r = await c.post(`/v1/collections/${col}/generate`, {
      type: 'edit', item_id: wave.item_id, source_image_asset_id: wave.asset_ids.image, edit_instructions: 'add a santa hat',
    });
    expect(r.status).toBe(202);
    expect(r.body.data).toMatchObject({ type: 'edit', item_id: wave.item_id, item_name: 'Wave', cost_credits: 1 });
    expect(keys(r.body.data.asset_ids)).toEqual(['image', 'transparent_image']);
    expect(r.body.data.asset_ids.image).not.toBe(wave.asset_ids.image);
    await c.finish(r.body.data.job_id);
    const item = (await c.get(`/v1/items/${wave.item_id}`)).body.data;
    expect(item.assets).toHaveLength(4);
    const noItem = await c.post(`/v1/collections/${col}/generate`, { type: 'edit', source_image_asset_id: wave.asset_ids.image, edit_instructions: 'x' });
    expect(noItem.body.error.field).toBe('item_id');
  });

  it('edit of an animation’s still adds images to the animation item', async () => {
    const emu = await start();
    const c = client(emu);
    const col = await makeCollection(c);
    const dance = await c.post(`/v1/collections/${col}/generate`, { type: 'animation', name: 'Dance', image_prompt: 'dance', animation_prompt: 'bounce', duration: 1 });
    await c.finish(dance.body.data.job_id);
    const r = await c.post(`/v1/collections/${col}/generate`, {
      type: 'edit', item_id: dance.body.data.item_id, source_image_asset_id: dance.body.data.asset_ids.image, edit_instructions: 'add a hat',
    });
    expect(r.status).toBe(202);
    expect(r.body.data.item_id).toBe(dance.body.data.item_id);
  });

  it('logo pack: 20 credits and four PNG variants on pro', async () => {
    const emu = await start();
    const c = client(emu);
    const col = await makeCollection(c);
    const r = await c.post(`/v1/collections/${col}/generate`, {
      type: 'logo', name: 'App logo', logo_description: 'the face', logo_style_name: 'Flat', logo_style_instruction: 'flat colours',
    });
    expect(r.status).toBe(202);
    expect(r.body.data.cost_credits).toBe(20);
    expect(keys(r.body.data.asset_ids)).toEqual(['favicon', 'icon', 'logo', 'logo_transparent']);
    expect(Object.values(r.body.data.urls).every((u) => String(u).endsWith('.png'))).toBe(true);
    expect((await c.finish(r.body.data.job_id)).status).toBe('completed');
    expect((await c.get(`/v1/items/${r.body.data.item_id}`)).body.data.type).toBe('logo');
  });

  it('logo pack on a starter plan: 403 with required_plan, nothing charged', async () => {
    const emu = await start({ plan: 'starter' });
    const c = client(emu);
    const col = await makeCollection(c);
    const r = await c.post(`/v1/collections/${col}/generate`, {
      type: 'logo', name: 'Logo', logo_description: 'face', logo_style_name: 'Flat', logo_style_instruction: 'flat',
    });
    expect(r.status).toBe(403);
    expect(r.body.error).toMatchObject({ code: 'forbidden', required_plan: 'pro', plan: 'starter' });
    expect(await c.balance()).toBe(1000);
    expect(emu.stats().jobsCreated).toBe(0);
  });

  it('regenerate by item_id: fresh assets under the same item, earlier ones stay; item of another collection is 400', async () => {
    const emu = await start();
    const c = client(emu);
    const col = await makeCollection(c);
    const first = await readyImage(c, col, 'Wave', 'waving');
    const again = await c.post(`/v1/collections/${col}/generate`, { type: 'image', name: 'Wave', image_prompt: 'waving, bigger smile', item_id: first.item_id });
    expect(again.status).toBe(202);
    expect(again.body.data.item_id).toBe(first.item_id);
    expect(again.body.data.asset_ids.image).not.toBe(first.asset_ids.image);
    expect(again.body.data.urls.image).not.toBe(first.urls.image);
    await c.finish(again.body.data.job_id);
    const item = (await c.get(`/v1/items/${first.item_id}`)).body.data;
    expect(item.assets.map((a: { id: string }) => a.id)).toEqual(expect.arrayContaining([first.asset_ids.image, again.body.data.asset_ids.image]));
    expect((await c.get(`/v1/assets/${first.asset_ids.image}`)).body.data.status).toBe('ready');
    expect((await c.get(`/v1/collections/${col}/items`)).body.data).toHaveLength(1);

    const other = await makeCollection(c, 'Other', 'a cat');
    const cross = await c.post(`/v1/collections/${other}/generate`, { type: 'image', image_prompt: 'x', item_id: first.item_id });
    expect(cross.status).toBe(400);
    expect(cross.body.error).toMatchObject({ code: 'bad_request', field: 'item_id', message: expect.stringContaining('another collection') });
    const wrongType = await c.post(`/v1/collections/${col}/generate`, {
      type: 'animation', image_prompt: 'x', animation_prompt: 'y', item_id: first.item_id,
    });
    expect(wrongType.body.error.field).toBe('item_id');
  });

  it('preview: free, no item, a fetchable PNG', async () => {
    const emu = await start();
    const c = client(emu);
    const col = await makeCollection(c);
    const r = await c.post('/v1/generate/preview', { collection_id: col, prompt: 'waving' });
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({ preview_url: expect.stringContaining('/cdn/previews/'), expires_at: expect.any(String) });
    expect(await c.balance()).toBe(1000);
    expect((await c.get(`/v1/collections/${col}/items`)).body.data).toEqual([]);
    const png = await fetch(r.body.data.preview_url);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await png.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG');
    const bad = await c.post('/v1/generate/preview', { collection_id: col });
    expect(bad.body.error.field).toBe('prompt');
  });
});

describe('emulator generate: validation', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['missing type', { name: 'x', image_prompt: 'y' }, 'type'],
    ['unknown type', { type: 'video', name: 'x' }, 'type'],
    ['missing name', { type: 'image', image_prompt: 'y' }, 'name'],
    ['missing prompt', { type: 'image', name: 'x' }, 'image_prompt'],
    ['wrong-typed prompt', { type: 'image', name: 'x', image_prompt: 3 }, 'image_prompt'],
    ['empty prompt', { type: 'image', name: 'x', image_prompt: '  ' }, 'image_prompt'],
    ['extra field', { type: 'image', name: 'x', image_prompt: 'y', colour: 'red' }, 'colour'],
    ['duration on an image', { type: 'image', name: 'x', image_prompt: 'y', duration: 4 }, 'duration'],
    ['duration 0', { type: 'animation', name: 'x', image_prompt: 'y', animation_prompt: 'z', duration: 0 }, 'duration'],
    ['duration 16', { type: 'animation', name: 'x', image_prompt: 'y', animation_prompt: 'z', duration: 16 }, 'duration'],
    ['duration 2.5', { type: 'animation', name: 'x', image_prompt: 'y', animation_prompt: 'z', duration: 2.5 }, 'duration'],
    ['duration "4"', { type: 'animation', name: 'x', image_prompt: 'y', animation_prompt: 'z', duration: '4' }, 'duration'],
    ['loop not boolean', { type: 'animation', name: 'x', image_prompt: 'y', animation_prompt: 'z', loop: 'yes' }, 'loop'],
    ['missing animation_prompt', { type: 'animation', name: 'x', image_prompt: 'y' }, 'animation_prompt'],
    ['unknown source asset', { type: 'animation', name: 'x', source_image_asset_id: 'nope', animation_prompt: 'z' }, 'source_image_asset_id'],
    ['image_prompt with a source', { type: 'animation', name: 'x', source_image_asset_id: 'a', image_prompt: 'y', animation_prompt: 'z' }, 'image_prompt'],
    ['unknown item', { type: 'image', name: 'x', image_prompt: 'y', item_id: 'nope' }, 'item_id'],
    ['logo without style', { type: 'logo', name: 'x', logo_description: 'd', logo_style_name: 'Flat' }, 'logo_style_instruction'],
  ];
  it.each(cases)('%s → 400 naming %s, nothing charged', async (_label, body, field) => {
    const emu = await start();
    const c = client(emu);
    const col = await makeCollection(c);
    const r = await c.post(`/v1/collections/${col}/generate`, body);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('bad_request');
    expect(r.body.error.field).toBe(field);
    expect(r.body.error.message).toContain(field);
    expect(await c.balance()).toBe(1000);
    expect(emu.stats().jobsCreated).toBe(0);
  });

  it('a source image whose job has not completed is rejected', async () => {
    const emu = await start({ latencyMs: 5000 });
    const c = client(emu);
    const col = await makeCollection(c);
    const img = await c.post(`/v1/collections/${col}/generate`, { type: 'image', name: 'Wave', image_prompt: 'waving' });
    const r = await c.post(`/v1/collections/${col}/generate`, {
      type: 'animation', name: 'W', source_image_asset_id: img.body.data.asset_ids.image, animation_prompt: 'z',
    });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain('not ready');
  });

  it('unknown collection → 404', async () => {
    const emu = await start();
    const r = await client(emu).post('/v1/collections/nope/generate', { type: 'image', name: 'x', image_prompt: 'y' });
    expect(r.status).toBe(404);
  });
});
