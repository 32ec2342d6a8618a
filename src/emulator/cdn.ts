/**
 * The CDN: no auth; placeholder bytes until the job completes, then the real file at the same URL. With a
 * CDN lag the placeholder stays for that long after completion (an edge cache). The dialect decides whether
 * a header tells the two apart.
 */
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { Hono } from 'hono';
import { ASSET_STATUS_HEADER } from '../api/wire.js';
import type { Core } from './core.js';
import type { CdnState } from './dialects/types.js';
import { notFound } from './errors.js';
import { bytesSha256 } from './ids.js';
import type { AppEnv, Ctx } from './http.js';
import type { AssetRec } from './state.js';

const CONTENT_TYPES: Record<AssetRec['format'], string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  webp: 'image/webp',
  mp4: 'video/mp4',
  webm: 'video/webm',
  mov: 'video/quicktime',
};

/** GET and HEAD /cdn/… */
export function cdnRoutes(app: Hono<AppEnv>, core: Core): void {
  app.on(['GET', 'HEAD'], '/cdn/previews/:file', async (c) => {
    const m = /^(.+)\.png$/.exec(c.req.param('file'));
    const rec = m ? core.store.data.previews[m[1]!] : undefined;
    if (!rec || Date.parse(rec.expires_at) < core.now()) throw notFound('preview', c.req.param('file'));
    const bytes = await core.render.media.image({ description: rec.description, prompt: rec.prompt, seed: rec.id }, { transparent: false });
    return send(c, core, bytes, 'png', 'ready');
  });

  app.on(['GET', 'HEAD'], '/cdn/*', async (c) => {
    const assetPath = c.req.path.slice('/cdn/'.length);
    const id = core.store.assetByPath(assetPath);
    const asset = id === undefined ? undefined : core.store.data.assets[id];
    if (!asset) throw notFound('file', `/cdn/${assetPath}`);
    if (asset.status !== 'ready') return send(c, core, core.render.placeholder(asset.format), asset.format, 'placeholder');
    if (lagging(core, asset)) return send(c, core, core.render.placeholder(asset.format), asset.format, 'lagging');
    return send(c, core, await readyBytes(core, asset), asset.format, 'ready');
  });
}

/** The stored bytes of a ready asset, re-rendered (deterministically) when not stored. */
async function readyBytes(core: Core, asset: AssetRec): Promise<Buffer> {
  const stored = asset.sha256 === undefined ? undefined : core.render.getBlob(asset.sha256);
  if (stored) return stored;
  const job = core.store.data.jobs[asset.job_id]!;
  const bytes = asset.variant ? await core.render.renderVariant(job.work, asset.variant.of, asset.variant.size) : (await core.render.renderJob(job.work))[asset.key];
  if (!bytes) throw new Error(`re-rendering produced no ${asset.key}`);
  core.render.putBlob(bytes);
  return bytes;
}

/** Whether the edge still serves the placeholder of an asset that became ready. */
function lagging(core: Core, asset: AssetRec): boolean {
  return core.opts.cdnLagMs > 0 && asset.ready_ms !== undefined && core.now() < asset.ready_ms + core.time.ms(core.opts.cdnLagMs);
}

function send(c: Ctx, core: Core, bytes: Buffer, format: AssetRec['format'], state: CdnState): Response {
  const etag = `"${bytesSha256(bytes)}"`;
  const headers: Record<string, string> = {
    'Content-Type': CONTENT_TYPES[format],
    'Content-Length': String(bytes.length),
    ETag: etag,
    'Cache-Control': 'no-cache',
  };
  const status = core.dialect.cdnStatus(state);
  if (status !== undefined) headers[ASSET_STATUS_HEADER] = status;
  if (c.req.header('if-none-match') === etag) {
    delete headers['Content-Length'];
    return new Response(null, { status: 304, headers });
  }
  if (c.req.method === 'HEAD') return new Response(null, { status: 200, headers });
  if (core.faults.truncateCdn()) {
    // Promise the whole file, send part of it, then cut the connection.
    const out = c.env.outgoing;
    out.writeHead(200, headers);
    out.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => out.destroy());
    return RESPONSE_ALREADY_SENT;
  }
  return new Response(new Uint8Array(bytes), { status: 200, headers });
}
