import { describe, expect, it } from 'vitest';
import { ASSET_STATUS_HEADER } from '../../src/api/wire.js';
import { client, makeCollection, start } from './helpers.js';

describe('emulator CDN', () => {
  it('serves a placeholder of the right format until the job completes, then the real file at the same URL', async () => {
    const emu = await start({ latencyMs: 1000 });
    const c = client(emu);
    const col = await makeCollection(c);
    const r = await c.post(`/v1/collections/${col}/generate`, { type: 'animation', name: 'Dance', image_prompt: 'dance', animation_prompt: 'bounce', duration: 1 });
    const urls = r.body.data.urls as Record<string, string>;

    const early = await fetch(urls.image!);
    expect(early.status).toBe(200);
    expect(early.headers.get(ASSET_STATUS_HEADER)).toBe('placeholder');
    expect(early.headers.get('content-type')).toBe('image/png');
    const earlyBytes = Buffer.from(await early.arrayBuffer());
    expect(earlyBytes.subarray(1, 4).toString()).toBe('PNG');
    expect(Number(early.headers.get('content-length'))).toBe(earlyBytes.length);
    const earlyWebm = await fetch(urls.webm!);
    expect(earlyWebm.headers.get('content-type')).toBe('video/webm');
    expect(Buffer.from(await earlyWebm.arrayBuffer()).readUInt32BE(0)).toBe(0x1a45dfa3);

    await c.finish(r.body.data.job_id);
    const late = await fetch(urls.image!);
    expect(late.headers.get(ASSET_STATUS_HEADER)).toBe('ready');
    const lateBytes = Buffer.from(await late.arrayBuffer());
    expect(lateBytes.subarray(1, 4).toString()).toBe('PNG');
    expect(lateBytes.equals(earlyBytes)).toBe(false);
    expect(late.headers.get('etag')).not.toBe(early.headers.get('etag'));
    const asset = (await c.get(`/v1/assets/${r.body.data.asset_ids.image}`)).body.data;
    expect(late.headers.get('etag')).toBe(`"${asset.sha256}"`);
    expect(Number(late.headers.get('content-length'))).toBe(asset.bytes);

    const formats: Array<[string, string, (b: Buffer) => boolean]> = [
      ['video', 'video/mp4', (b) => b.subarray(4, 8).toString() === 'ftyp'],
      ['hevc', 'video/quicktime', (b) => b.length > 8],
      ['webm', 'video/webm', (b) => b.readUInt32BE(0) === 0x1a45dfa3],
    ];
    for (const [key, type, check] of formats) {
      const res = await fetch(urls[key]!);
      expect(res.headers.get('content-type'), key).toBe(type);
      expect(res.headers.get(ASSET_STATUS_HEADER), key).toBe('ready');
      expect(check(Buffer.from(await res.arrayBuffer())), key).toBe(true);
    }
  });

  it('needs no auth, answers HEAD with headers only, 304 for a matching ETag, 404 for unknown paths', async () => {
    const emu = await start();
    const c = client(emu);
    const col = await makeCollection(c);
    const r = await c.post(`/v1/collections/${col}/generate`, { type: 'image', name: 'W', image_prompt: 'w' });
    await c.finish(r.body.data.job_id);
    const url = r.body.data.urls.image as string;
    const get = await fetch(url);
    const bytes = Buffer.from(await get.arrayBuffer());
    const head = await fetch(url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(bytes.length));
    expect(head.headers.get('etag')).toBe(get.headers.get('etag'));
    expect(head.headers.get(ASSET_STATUS_HEADER)).toBe('ready');
    expect((await head.arrayBuffer()).byteLength).toBe(0);
    const cached = await fetch(url, { headers: { 'if-none-match': get.headers.get('etag')! } });
    expect(cached.status).toBe(304);
    const missing = await fetch(`${emu.url}/cdn/nope/nope/nope.png`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('same inputs give the same bytes: two seeded emulators agree on ids, URLs and files', async () => {
    const run = async () => {
      const emu = await start({ seed: 99 });
      const c = client(emu);
      const col = await makeCollection(c);
      const r = await c.post(`/v1/collections/${col}/generate`, { type: 'image', name: 'W', image_prompt: 'waving' });
      await c.finish(r.body.data.job_id);
      const bytes = Buffer.from(await (await fetch(r.body.data.urls.image)).arrayBuffer());
      return { job: r.body.data.job_id, path: new URL(r.body.data.urls.image).pathname, bytes };
    };
    const a = await run();
    const b = await run();
    expect(b.job).toBe(a.job);
    expect(b.path).toBe(a.path);
    expect(b.bytes.equals(a.bytes)).toBe(true);
  });
});
