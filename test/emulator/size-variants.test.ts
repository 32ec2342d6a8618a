import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBatch, readJob } from '../../src/api/read-wire.js';
import { DIALECTS, type Dialect } from '../../src/emulator/index.js';
import { probeMedia } from '../../src/outputs/probe-media.js';
import { mimeOf } from '../../src/outputs/media-types.js';
import { batchKey, finish, one } from './dialect-helpers.js';
import { client, start, type Client } from './helpers.js';

async function makeCollection(c: Client, dialect: Dialect): Promise<string> {
  const p = await c.post('/v1/projects', { name: 'Test project' });
  const col = await c.post('/v1/collections', { name: 'Fox', project_id: one(dialect, p.body).id, description: 'an orange fox' });
  return one(dialect, col.body).id as string;
}

let dir: string;
beforeAll(async () => void (dir = await mkdtemp(path.join(os.tmpdir(), 'masko-sizes-'))));
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Width and height from the file's own header, as the client's index reads them. */
async function dimensions(url: string): Promise<{ width?: number; height?: number }> {
  const bytes = Buffer.from(await (await fetch(url)).arrayBuffer());
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}${path.extname(new URL(url).pathname)}`);
  await writeFile(file, bytes);
  return probeMedia(file, mimeOf(file));
}

describe('size variants (`sizes` on generate)', () => {
  for (const dialect of DIALECTS) {
    it(`${dialect}: ${dialect === 'minimal' ? 'ignores sizes' : 'makes free variants the client reads'}`, { timeout: 90_000 }, async () => {
      const emu = await start({ media: 'real', latencyMs: 0, dialect: dialect as Dialect });
      const c = client(emu);
      const col = await makeCollection(c, dialect as Dialect);
      const before = (await (await fetch(`${emu.url}/_emulator/stats`, { headers: { authorization: `Bearer ${emu.key}` } })).json()) as { credits_charged: number };
      const r = await c.post(`/v1/collections/${col}/generate-batch`, {
        [batchKey(dialect as Dialect)]: [
          { type: 'image', name: 'Wave', image_prompt: 'waving hello', sizes: [240, 120, 999] },
          { type: 'animation', name: 'Dance', image_prompt: 'dance pose', animation_prompt: 'dancing', duration: 1, loop: true, sizes: [128] },
        ],
      });
      expect(r.status).toBe(202);
      const [image, anim] = readBatch(r.body)!;
      const stats = (await (await fetch(`${emu.url}/_emulator/stats`, { headers: { authorization: `Bearer ${emu.key}` } })).json()) as { credits_charged: number };
      // The variants are free: only the image (1) and the 1 s animation (1 + 5) are charged.
      expect(stats.credits_charged - before.credits_charged).toBe(7);

      const doneImage = readJob(await finish(c, dialect as Dialect, image!.jobId!))!;
      const doneAnim = readJob(await finish(c, dialect as Dialect, anim!.jobId!))!;
      if (dialect === 'minimal') {
        expect(Object.keys(doneImage.urls).sort()).toEqual(['image', 'transparent_image']);
        expect(Object.keys(doneAnim.urls).sort()).toEqual(['hevc', 'image', 'video', 'webm']);
        return;
      }
      // 999 is wider than the 512 px image: no variant of it; the animation's clips are 256 px.
      const imageKeys = ['image', 'image@120', 'image@240', 'transparent_image', 'transparent_image@120', 'transparent_image@240'];
      const animKeys = ['hevc', 'hevc@128', 'image', 'image@128', 'video', 'video@128', 'webm', 'webm@128'];
      expect(Object.keys(doneImage.urls).sort()).toEqual(imageKeys);
      expect(Object.keys(doneAnim.urls).sort()).toEqual(animKeys);
      // The generate answer pre-allocates them too (the docs' "pre-allocated CDN URLs").
      expect(Object.keys(image!.urls).sort()).toEqual(imageKeys);
      for (const [key, url] of [...Object.entries(doneImage.urls), ...Object.entries(doneAnim.urls)]) {
        const size = /@(\d+)$/.exec(key)?.[1];
        const media = await dimensions(url);
        const own = key.startsWith('image') || key.startsWith('transparent') ? 512 : 256;
        expect({ key, width: media.width }).toEqual({ key, width: size ? Number(size) : own });
        if (size) expect(new URL(url).pathname).toMatch(new RegExp(`-${size}\\.(png|mp4|webm|mov)$`));
      }
      expect(new Set(Object.values(doneImage.urls)).size).toBe(imageKeys.length);
    });
  }
});
