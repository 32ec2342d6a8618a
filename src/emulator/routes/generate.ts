/** Generate (every kind), generate-batch (atomic) and the free preview. */
import type { Hono } from 'hono';
import { batchList } from '../batch-body.js';
import { rejectExtra, reqString } from '../body.js';
import type { Core } from '../core.js';
import { ApiError, badField } from '../errors.js';
import { createGen, requireCredits, resolveGen } from '../generate.js';
import { jsonBody, reply, replyOne, viewCtx, type AppEnv } from '../http.js';
import { parseGenerate } from '../validate-generate.js';

const PREVIEW_TTL_MS = 3_600_000;

/** POST /v1/collections/:id/generate, …/generate-batch, /v1/generate/preview. */
export function generateRoutes(app: Hono<AppEnv>, core: Core): void {
  const { store, dialect } = core;

  app.post('/v1/collections/:id/generate', async (c) => {
    core.stats.generateRequests += 1;
    const acct = c.get('account');
    const coll = store.owned('collections', c.req.param('id'), acct.key);
    const r = resolveGen(core, acct, coll, parseGenerate(await jsonBody(c)));
    requireCredits(acct, r.cost);
    const g = createGen(core, acct, coll, r);
    store.save();
    return replyOne(c, core, dialect.generated(g, viewCtx(core)), 202);
  });

  app.post('/v1/collections/:id/generate-batch', async (c) => {
    core.stats.generateRequests += 1;
    const acct = c.get('account');
    const coll = store.owned('collections', c.req.param('id'), acct.key);
    const { field, list } = batchList(await jsonBody(c), dialect.batchKeys);
    // Atomic: validate everything and check the total before creating anything.
    const resolved = list.map((el, i) =>
      atIndex(i, () => resolveGen(core, acct, coll, parseGenerate(el, `${field}[${i}].`), `${field}[${i}].`)),
    );
    const total = resolved.reduce((sum, r) => sum + r.cost, 0);
    requireCredits(acct, total);
    const made = resolved.map((r) => createGen(core, acct, coll, r));
    store.save();
    const v = viewCtx(core);
    return reply(c, dialect.batch(made.map((g) => dialect.generated(g, v)), total), 202);
  });

  app.post('/v1/generate/preview', async (c) => {
    const acct = c.get('account');
    const body = await jsonBody(c);
    rejectExtra(body, ['collection_id', 'prompt']);
    const collectionId = reqString(body, 'collection_id');
    const prompt = reqString(body, 'prompt');
    const coll = store.data.collections[collectionId];
    if (!coll || coll.owner !== acct.key) throw badField('collection_id', `unknown collection ${JSON.stringify(collectionId)}`);
    const id = store.newId();
    const expires_at = new Date(core.now() + core.time.ms(PREVIEW_TTL_MS)).toISOString();
    store.data.previews[id] = { id, owner: acct.key, description: coll.description, prompt, expires_at };
    store.save();
    return replyOne(c, core, dialect.preview({ preview_url: `${core.baseUrl}/cdn/previews/${id}.png`, expires_at }));
  });
}

/** Runs `fn`; an ApiError it throws gains the batch `index` (and a field name without the prefix). */
function atIndex<T>(index: number, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    const extra = { ...err.extra, index };
    if (extra.field !== undefined) extra.field = extra.field.replace(/^(items|requests)\[\d+\]\./, '');
    throw new ApiError(err.status, err.code, err.message, extra, err.headers);
  }
}
