/** POST /v1/upload (multipart `file`, or JSON `{url}`) and a collection's references (add, remove). */
import type { Hono } from 'hono';
import { rejectExtra, reqString } from '../body.js';
import type { Core } from '../core.js';
import { ApiError, badField } from '../errors.js';
import { jsonBody, replyOne, viewCtx, type AppEnv } from '../http.js';
import { fetchImage, ownedImage, storeUpload, UPLOAD_MAX_BYTES } from '../uploads.js';

/** The most references a collection holds. */
export const MAX_REFERENCES = 6;
/** Room for the multipart framing around a 10 MB file. */
const MULTIPART_SLACK = 64 * 1024;

/** Registers the upload and reference routes. */
export function uploadRoutes(app: Hono<AppEnv>, core: Core): void {
  const { store, dialect } = core;

  app.post('/v1/upload', async (c) => {
    const acct = c.get('account');
    const type = c.req.header('content-type') ?? '';
    let asset;
    if (type.startsWith('multipart/form-data')) {
      if (Number(c.req.header('content-length') ?? 0) > UPLOAD_MAX_BYTES + MULTIPART_SLACK) throw badField('file', 'uploads are at most 10 MB');
      const form = await c.req.parseBody().catch(() => {
        throw new ApiError(400, 'bad_request', 'the multipart body cannot be read', { field: 'file' });
      });
      const extra = Object.keys(form).find((k) => k !== 'file');
      if (extra !== undefined) throw badField(extra, 'unknown field for this request');
      const file = form.file;
      if (!(file instanceof File)) throw badField('file', 'is required (multipart/form-data with a file field named "file")');
      asset = storeUpload(core, acct, Buffer.from(await file.arrayBuffer()), file.name || 'upload', 'file');
    } else if (type.startsWith('application/json')) {
      const body = await jsonBody(c);
      rejectExtra(body, ['url']);
      const url = reqString(body, 'url');
      asset = storeUpload(core, acct, await fetchImage(url, 'url'), new URL(url).pathname.split('/').pop() || 'upload', 'url');
    } else {
      throw new ApiError(400, 'bad_request', 'send multipart/form-data with a "file" field, or JSON {"url": "https://…"}', { field: 'file' });
    }
    core.stats.uploads += 1;
    store.save();
    return replyOne(c, core, dialect.upload(asset, viewCtx(core)), 201);
  });

  app.post('/v1/collections/:id/references', async (c) => {
    const acct = c.get('account');
    const coll = store.owned('collections', c.req.param('id'), acct.key);
    const body = await jsonBody(c);
    rejectExtra(body, ['asset_id', 'url']);
    if ((body.asset_id === undefined) === (body.url === undefined)) throw badField('asset_id', 'send exactly one of asset_id and url');
    const refs = (coll.reference_asset_ids ??= []);
    let id: string;
    if (body.asset_id !== undefined) id = ownedImage(core, acct, reqString(body, 'asset_id'), 'asset_id').id;
    else {
      if (refs.length >= MAX_REFERENCES) throw tooMany('url');
      const url = reqString(body, 'url');
      id = storeUpload(core, acct, await fetchImage(url, 'url'), 'reference', 'url').id;
    }
    // Attaching an attached image again changes nothing.
    if (!refs.includes(id)) {
      if (refs.length >= MAX_REFERENCES) throw tooMany('asset_id');
      refs.push(id);
    }
    store.save();
    return replyOne(c, core, dialect.collection(coll, viewCtx(core)));
  });

  app.delete('/v1/collections/:id/references/:assetId', (c) => {
    const coll = store.owned('collections', c.req.param('id'), c.get('account').key);
    const id = c.req.param('assetId');
    const refs = coll.reference_asset_ids ?? [];
    if (!refs.includes(id)) throw new ApiError(404, 'not_found', `asset ${JSON.stringify(id)} is not a reference of collection ${JSON.stringify(coll.id)}`);
    coll.reference_asset_ids = refs.filter((r) => r !== id);
    store.save();
    return replyOne(c, core, dialect.collection(coll, viewCtx(core)));
  });
}

function tooMany(field: string): ApiError {
  return badField(field, `a collection holds at most ${MAX_REFERENCES} reference images; remove one first`);
}

/** `reference_asset_ids` / `reference_image_urls` of a collection being created: at most 6 images in all. */
export async function creationReferences(core: Core, acct: Parameters<typeof ownedImage>[1], body: Record<string, unknown>): Promise<string[]> {
  const ids = listOf(body, 'reference_asset_ids');
  const urls = listOf(body, 'reference_image_urls');
  if (ids.length + urls.length > MAX_REFERENCES) throw tooMany(ids.length > 0 ? 'reference_asset_ids' : 'reference_image_urls');
  const out = ids.map((id, i) => ownedImage(core, acct, id, `reference_asset_ids[${i}]`).id);
  for (const [i, url] of urls.entries()) out.push(storeUpload(core, acct, await fetchImage(url, `reference_image_urls[${i}]`), 'reference', `reference_image_urls[${i}]`).id);
  return [...new Set(out)];
}

function listOf(body: Record<string, unknown>, field: string): string[] {
  const v = body[field];
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.length === 0) throw badField(field, 'must be a non-empty list of strings');
  return v.map((x, i) => {
    if (typeof x !== 'string' || x.trim() === '') throw badField(`${field}[${i}]`, 'must be a non-empty string');
    return x;
  });
}
