import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { client, makeCollection, readyImage, start } from './helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'masko-emu-'));
  dirs.push(d);
  return d;
}

describe('emulator persistence (dataDir)', () => {
  it('keeps balance, items, jobs, files and idempotency records across a restart; pending jobs finish after it', async () => {
    const dataDir = tempDir();
    const latencyMs = { image: 20, animation: 1500 };
    const first = await start({ dataDir, latencyMs });
    const c1 = client(first);
    const col = await makeCollection(c1);
    const img = await readyImage(c1, col, 'Wave', 'waving');
    const png1 = Buffer.from(await (await fetch(img.urls.image)).arrayBuffer());
    const h = { 'idempotency-key': 'dance-1' };
    const danceBody = { type: 'animation', name: 'Dance', image_prompt: 'dance', animation_prompt: 'bounce', duration: 1 };
    const dance = await c1.post(`/v1/collections/${col}/generate`, danceBody, h);
    expect(dance.status).toBe(202);
    expect(await c1.balance()).toBe(1000 - 1 - 6);
    await first.close();
    expect(readdirSync(dataDir)).toContain('state.json');

    const second = await start({ dataDir, latencyMs });
    const c2 = client(second);
    expect(await c2.balance()).toBe(993);
    const items = (await c2.get(`/v1/collections/${col}/items`)).body.data;
    expect(items.map((i: { name: string }) => i.name)).toEqual(['Wave', 'Dance']);
    // the same Idempotency-Key and body replays the first answer, no charge
    const replay = await c2.post(`/v1/collections/${col}/generate`, danceBody, h);
    expect(replay.body.data.job_id).toBe(dance.body.data.job_id);
    expect(await c2.balance()).toBe(993);
    // the job submitted before the restart completes after it
    const done = await c2.finish(dance.body.data.job_id);
    expect(done.status).toBe('completed');
    // files: same path, same bytes
    const url2 = (await c2.get(`/v1/assets/${img.asset_ids.image}`)).body.data.url as string;
    expect(new URL(url2).pathname).toBe(new URL(img.urls.image).pathname);
    const png2 = Buffer.from(await (await fetch(url2)).arrayBuffer());
    expect(png2.equals(png1)).toBe(true);
    // new ids do not collide with old ones
    const more = await readyImage(c2, col, 'More', 'more');
    expect([img.item_id, dance.body.data.item_id]).not.toContain(more.item_id);
  });

  it('a failing job submitted before a restart still fails and refunds after it', async () => {
    const dataDir = tempDir();
    const opts = { dataDir, latencyMs: 1000, faults: { failPromptsContaining: ['BOOM'] } };
    const first = await start(opts);
    const c1 = client(first);
    const col = await makeCollection(c1);
    const r = await c1.post(`/v1/collections/${col}/generate`, { type: 'image', name: 'X', image_prompt: 'BOOM' });
    expect(await c1.balance()).toBe(999);
    await first.close();
    const second = await start({ dataDir, latencyMs: 1000 });
    const c2 = client(second);
    expect((await c2.finish(r.body.data.job_id)).status).toBe('failed');
    expect(await c2.balance()).toBe(1000);
  });
});
