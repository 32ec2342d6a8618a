/**
 * The emulator's upload and reference routes, strictly, in every dialect, read through the real client:
 * multipart and JSON url uploads, 10 MB and type checks, references add/remove (at most 6), archive.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { MaskoClient } from '../../src/api/client.js';
import { ApiError } from '../../src/api/errors.js';
import { DIALECTS } from '../../src/emulator/index.js';
import { pngBytes } from '../helpers/images.js';
import { client, start } from './helpers.js';
import { one } from './dialect-helpers.js';

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]);
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([4, 0, 0, 0]), Buffer.from('WEBPVP8 ')]);

/** A multipart POST /v1/upload straight over fetch (as curl -F would). */
async function multipart(url: string, key: string, parts: Record<string, Blob | string>): Promise<{ status: number; body: unknown }> {
  const form = new FormData();
  for (const [name, value] of Object.entries(parts)) form.append(name, value, ...(value instanceof Blob ? ['file.png'] : []) as []);
  const res = await fetch(`${url}/v1/upload`, { method: 'POST', headers: { authorization: `Bearer ${key}` }, body: form });
  return { status: res.status, body: await res.json() };
}

describe.each(DIALECTS.map((d) => [d]))('uploads and references (%s)', (dialect) => {
  it('takes PNG, JPEG and WebP by multipart and by URL, refuses anything else, and counts uploads', async () => {
    const emu = await start({ dialect });
    const api = new MaskoClient({ baseUrl: emu.url, apiKey: emu.key });
    try {
      const png = await api.uploadFile(pngBytes(1), 'mascot.png');
      const jpeg = await api.uploadFile(JPEG, 'mascot.jpg');
      const webp = await api.uploadFile(WEBP, 'mascot.webp');
      expect(new Set([png.assetId, jpeg.assetId, webp.assetId]).size).toBe(3);
      const stored = await api.getAsset(png.assetId);
      expect(stored.status).toBe('ready');
      const cdn = await fetch(stored.url!);
      expect(cdn.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await cdn.arrayBuffer())).toEqual(pngBytes(1));
      expect((await fetch((await api.getAsset(jpeg.assetId)).url!)).headers.get('content-type')).toBe('image/jpeg');

      const server = createServer((_q, r) => r.writeHead(200, { 'content-type': 'image/png' }).end(pngBytes(2)));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const byUrl = await api.uploadUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}/a.png`);
        expect(Buffer.from(await (await fetch((await api.getAsset(byUrl.assetId)).url!)).arrayBuffer())).toEqual(pngBytes(2));
      } finally {
        server.close();
      }
      expect(emu.wireStats().uploads).toBe(4);

      const gif = await multipart(emu.url, emu.key, { file: new Blob([Buffer.from('GIF89a......')]) });
      expect(gif.status).toBe(400);
      const big = await multipart(emu.url, emu.key, { file: new Blob([pngBytes(1), Buffer.alloc(10 * 1024 * 1024)]) });
      expect(big.status).toBe(400);
      expect((await multipart(emu.url, emu.key, { image: new Blob([pngBytes(1)]) })).status).toBe(400);
      expect((await multipart(emu.url, emu.key, { file: new Blob([pngBytes(1)]), extra: 'x' })).status).toBe(400);
      const c = client(emu);
      expect((await c.post('/v1/upload', { url: 'ftp://example.com/a.png' })).status).toBe(400);
      expect((await c.post('/v1/upload', { url: 'https://example.com/a.png', name: 'x' })).status).toBe(400);
      expect((await c.req('POST', '/v1/upload', 'raw', { 'content-type': 'text/plain' })).status).toBe(400);
      // Refusals are not uploads.
      expect(emu.wireStats().uploads).toBe(4);
      // The client refuses such files itself: nothing is sent.
      await expect(api.uploadFile(Buffer.from('GIF89a'), 'a.gif')).rejects.toThrow(/not a PNG, JPEG or WebP/);
      expect(emu.wireStats().requests['POST /v1/upload']).toBe(11);
    } finally {
      await api.close();
    }
  });

  it('creates a collection from references, adds and removes them (at most 6), and archives items', async () => {
    const emu = await start({ dialect });
    const api = new MaskoClient({ baseUrl: emu.url, apiKey: emu.key });
    try {
      const ids: string[] = [];
      for (let i = 1; i <= 7; i++) ids.push((await api.uploadFile(pngBytes(i), `ref${i}.png`)).assetId);
      const project = await api.createProject('P', 'k1');
      const coll = await api.createCollection({ name: 'Fox', project_id: project.id, reference_asset_ids: ids.slice(0, 2) }, 'k2');
      expect((await api.getCollection(coll.id)).referenceAssetIds).toEqual(ids.slice(0, 2));
      for (const id of ids.slice(2, 6)) await api.addReference(coll.id, id);
      // Attaching an attached one changes nothing; a seventh is refused.
      await api.addReference(coll.id, ids[0]!);
      await expect(api.addReference(coll.id, ids[6]!)).rejects.toMatchObject({ status: 400 });
      await api.removeReference(coll.id, ids[1]!);
      await expect(api.removeReference(coll.id, ids[1]!)).rejects.toBeInstanceOf(ApiError);
      await api.addReference(coll.id, ids[6]!);
      expect((await api.getCollection(coll.id)).referenceAssetIds).toEqual([ids[0], ...ids.slice(2, 6), ids[6]]);
      const tooMany = await client(emu).post('/v1/collections', { name: 'Y', project_id: project.id, reference_asset_ids: ids });
      expect(tooMany.status).toBe(400);

      const c = client(emu);
      const gen = await c.post(`/v1/collections/${coll.id}/generate`, { type: 'image', name: 'Idle', image_prompt: 'standing' });
      const itemId = one(dialect, gen.body).item_id as string;
      await api.archiveItem(itemId);
      const inspected = await fetch(`${emu.url}/_emulator/items/${itemId}`, { headers: { authorization: `Bearer ${emu.key}` } });
      expect(((await inspected.json()) as { archived: boolean }).archived).toBe(true);
      expect((await api.listItems(coll.id)).find((i) => i.id === itemId)?.archived ?? true).toBe(true);
    } finally {
      await api.close();
    }
  });
});
