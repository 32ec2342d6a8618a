/** Collections, their items, items and assets. */
import type { Hono } from 'hono';
import { optBool, optString, rejectExtra, reqString } from '../body.js';
import type { Core } from '../core.js';
import { ApiError, badField } from '../errors.js';
import { slugify } from '../ids.js';
import { jsonBody, replyList, replyOne, viewCtx, type AppEnv } from '../http.js';
import type { CollectionRec } from '../state.js';
import { creationReferences } from './uploads.js';

/** /v1/collections…, /v1/items/:id, /v1/assets/:id. */
export function collectionRoutes(app: Hono<AppEnv>, core: Core): void {
  const { store, dialect } = core;

  app.post('/v1/collections', async (c) => {
    const owner = c.get('account').key;
    const body = await jsonBody(c);
    rejectExtra(body, ['name', 'project_id', 'description', 'reference_asset_ids', 'reference_image_urls']);
    const fromImages = body.reference_asset_ids !== undefined || body.reference_image_urls !== undefined;
    // From reference images, name and prompt are optional: Masko reads them off the images.
    const name = fromImages ? (optString(body, 'name') ?? 'Mascot') : reqString(body, 'name');
    const projectId = reqString(body, 'project_id');
    const project = store.data.projects[projectId];
    if (!project || project.owner !== owner) throw badField('project_id', `unknown project ${JSON.stringify(projectId)}`);
    const references = await creationReferences(core, c.get('account'), body);
    const description = body.description === '' ? '' : fromImages ? (optString(body, 'description') ?? `the character of ${references.length} reference image(s)`) : reqString(body, 'description');
    const coll: CollectionRec = {
      id: store.newId(), owner, project_id: projectId, name, description, slug: uniqueSlug(core, owner, name), created_at: new Date(core.now()).toISOString(),
      ...(references.length > 0 ? { reference_asset_ids: references } : {}),
    };
    store.data.collections[coll.id] = coll;
    store.save();
    return replyOne(c, core, dialect.collection(coll, viewCtx(core)), 201);
  });

  app.get('/v1/collections', (c) => {
    const owner = c.get('account').key;
    const projectId = c.req.query('project_id');
    const all = Object.values(store.data.collections).filter((x) => x.owner === owner && (projectId === undefined || x.project_id === projectId));
    const v = viewCtx(core);
    return replyList(c, core, 'collections', all, (x) => dialect.collectionSummary(x, v));
  });

  app.get('/v1/collections/:id', (c) => {
    return replyOne(c, core, dialect.collection(store.owned('collections', c.req.param('id'), c.get('account').key), viewCtx(core)));
  });

  app.get('/v1/collections/:id/items', (c) => {
    const coll = store.owned('collections', c.req.param('id'), c.get('account').key);
    const all = Object.values(store.data.items).filter((i) => i.collection_id === coll.id);
    const v = viewCtx(core);
    return replyList(c, core, 'items', all, (i) => dialect.item(i, v));
  });

  app.get('/v1/items/:id', (c) => {
    return replyOne(c, core, dialect.item(store.owned('items', c.req.param('id'), c.get('account').key), viewCtx(core)));
  });

  app.patch('/v1/items/:id', async (c) => {
    const item = store.owned('items', c.req.param('id'), c.get('account').key);
    const body = await jsonBody(c);
    rejectExtra(body, ['name', 'archived']);
    const name = optString(body, 'name');
    const archived = optBool(body, 'archived');
    if (name === undefined && archived === undefined) throw new ApiError(400, 'bad_request', 'nothing to change: send name and/or archived', { field: 'name' });
    if (name !== undefined) item.name = name;
    if (archived !== undefined) item.archived = archived;
    item.updated_at = new Date(core.now()).toISOString();
    store.save();
    return replyOne(c, core, dialect.item(item, viewCtx(core)));
  });

  app.get('/v1/assets/:id', (c) => {
    return replyOne(c, core, dialect.asset(store.owned('assets', c.req.param('id'), c.get('account').key), viewCtx(core)));
  });
}

/** A collection slug unique among this account's collections (CDN paths stay distinct). */
function uniqueSlug(core: Core, owner: string, name: string): string {
  const base = slugify(name, 'collection');
  const taken = new Set(Object.values(core.store.data.collections).filter((x) => x.owner === owner).map((x) => x.slug));
  let slug = base;
  for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
  return slug;
}
