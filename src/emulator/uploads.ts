/**
 * Uploaded images (POST /v1/upload, and the URL forms of references): checked strictly as Masko
 * documents it (PNG, JPEG or WebP by their bytes, at most 10 MB), stored as ready `image` assets
 * that belong to no item, collection or job. The emulator's own checks: it shares no logic with the client.
 */
import type { Core } from './core.js';
import { badField } from './errors.js';
import { sha256Hex, slugify } from './ids.js';
import type { AccountRec, AssetRec } from './state.js';

/** Masko's upload limit. */
export const UPLOAD_MAX_BYTES = 10 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 20_000;

/** The image format of the bytes, by their signature; undefined for anything else (GIF, SVG, text…). */
export function imageFormatOf(b: Uint8Array): 'png' | 'jpg' | 'webp' | undefined {
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a) return 'png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpg';
  const tag = (from: number) => Buffer.from(b.subarray(from, from + 4)).toString('latin1');
  if (b.length >= 12 && tag(0) === 'RIFF' && tag(8) === 'WEBP') return 'webp';
  return undefined;
}

/** Checks bytes as an upload (400 naming `field` otherwise) and stores them as a ready asset. Caller saves. */
export function storeUpload(core: Core, acct: AccountRec, bytes: Buffer, name: string, field: string): AssetRec {
  if (bytes.length === 0) throw badField(field, 'is empty');
  if (bytes.length > UPLOAD_MAX_BYTES) throw badField(field, `is ${bytes.length} bytes; uploads are at most 10 MB`);
  const format = imageFormatOf(bytes);
  if (!format) throw badField(field, 'is not a PNG, JPEG or WebP image');
  const id = core.store.newId();
  const now = core.now();
  const asset: AssetRec = {
    id, owner: acct.key, item_id: '', collection_id: '', job_id: '', key: 'image', format,
    path: `${acct.prefix}/uploads/${slugify(name.replace(/\.[^.]*$/, ''), 'upload')}-${sha256Hex('upload', id).slice(0, 12)}.${format}`,
    status: 'ready', bytes: bytes.length, sha256: core.render.putBlob(bytes), ready_ms: now,
    prompt: `the uploaded image ${name}`, created_at: new Date(now).toISOString(), upload: true,
  };
  core.store.addAsset(asset);
  return asset;
}

/** Fetches an image URL for an upload (400 naming `field` when it cannot be had). */
export async function fetchImage(url: string, field: string): Promise<Buffer> {
  if (!/^https?:\/\//.test(url)) throw badField(field, 'must be an http:// or https:// URL');
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'follow' });
  } catch (err) {
    throw badField(field, `could not be fetched (${(err as Error).message})`);
  }
  if (!res.ok) throw badField(field, `could not be fetched (HTTP ${res.status})`);
  const declared = Number(res.headers.get('content-length'));
  if (declared > UPLOAD_MAX_BYTES) throw badField(field, `is ${declared} bytes; uploads are at most 10 MB`);
  const bytes = Buffer.from(await res.arrayBuffer());
  return bytes;
}

/** An image asset of this account that can be a reference or a source (ready, an image format). */
export function ownedImage(core: Core, acct: AccountRec, id: string, field: string): AssetRec {
  const a = core.store.data.assets[id];
  if (!a || a.owner !== acct.key) throw badField(field, `unknown asset ${JSON.stringify(id)}`);
  if (a.format !== 'png' && a.format !== 'jpg' && a.format !== 'webp') throw badField(field, `asset ${JSON.stringify(id)} is a ${a.format}, not an image`);
  if (a.status !== 'ready') throw badField(field, `asset ${JSON.stringify(id)} is not ready (its job has not completed)`);
  return a;
}
