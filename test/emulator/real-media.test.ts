import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { client, makeCollection, start } from './helpers.js';

const bytesOf = async (url: string) => Buffer.from(await (await fetch(url)).arrayBuffer());

describe('emulator with real media', () => {
  it('serves decodable PNGs (alpha on transparent_image) and real mp4/webm/mov files', { timeout: 60_000 }, async () => {
    const lines: string[] = [];
    const emu = await start({ media: 'real', latencyMs: 0, log: (l) => lines.push(l) });
    expect(lines.join('\n')).toContain('media: ffmpeg video');
    const c = client(emu);
    const col = await makeCollection(c, 'Fox', 'an orange fox');
    const r = await c.post(`/v1/collections/${col}/generate-batch`, {
      items: [
        { type: 'image', name: 'Wave', image_prompt: 'waving hello' },
        { type: 'animation', name: 'Dance', image_prompt: 'dance pose', animation_prompt: 'dancing', duration: 1, loop: true },
      ],
    });
    expect(r.status).toBe(202);
    const [image, anim] = r.body.data.jobs;
    expect((await c.finish(image.job_id)).status).toBe('completed');
    expect((await c.finish(anim.job_id)).status).toBe('completed');

    const full = PNG.sync.read(await bytesOf(image.urls.image));
    expect(full.width).toBeGreaterThan(0);
    const transparent = PNG.sync.read(await bytesOf(image.urls.transparent_image));
    let clear = 0;
    for (let i = 3; i < transparent.data.length; i += 4) if (transparent.data[i] === 0) clear++;
    expect(clear).toBeGreaterThan(0);

    const mp4 = await bytesOf(anim.urls.video);
    expect(mp4.subarray(4, 8).toString()).toBe('ftyp');
    const webm = await bytesOf(anim.urls.webm);
    expect(webm.readUInt32BE(0)).toBe(0x1a45dfa3);
    const mov = await bytesOf(anim.urls.hevc);
    expect(mov.includes(Buffer.from('moov'))).toBe(true);
    expect(PNG.sync.read(await bytesOf(anim.urls.image)).width).toBeGreaterThan(0);
  });
});
