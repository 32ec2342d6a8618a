/** Collections, their items, items and assets. */
import type { Hono } from 'hono';
import { optBool, optString, rejectExtra, reqString } from '../body.js';
import type { Core } from '../core.js';
import { ApiError, badField } from '../errors.js';
import { slugify } from '../ids.js';
import { jsonBody, paginated, type AppEnv } from '../http.js';
import { assetView, collectionView, itemView } from '../present.js';
import type { CollectionRec } from '../state.js';

/** /v1/collections…, /v1/items/:id, /v1/assets/:id. */
export function collectionRoutes(app: Hono<AppEnv>, core: Core): void {
  const { store } = core;

  app.post('/v1/collections', async (c) => {
    const owner = c.get('account').key;
    const body = await jsonBody(c);
    rejectExtra(body, ['name', 'project_id', 'description']);
    const name = reqString(body, 'name');
    const projectId = reqString(body, 'project_id');
    const description = body.description === '' ? '' : reqString(body, 'description');
    const project = store.data.projects[projectId];
    if (!project || project.owner !== owner) throw badField('project_id', `unknown project ${JSON.stringify(projectId)}`);
    const coll: CollectionRec = {
      id: store.newId(), owner, project_id: projectId, name, description, slug: uniqueSlug(core, owner, name), created_at: new Date(core.now()).toISOString(),
    };
    store.data.collections[coll.id] = coll;
    store.save();
    return c.json({ data: collectionView(coll, true) }, 201);
  });

  app.get('/v1/collections', (c) => {
    const owner = c.get('account').key;
    const projectId = c.req.query('project_id');
    const all = Object.values(store.data.collections).filter((x) => x.owner === owner && (projectId === undefined || x.project_id === projectId));
    return paginated(c, all.map((x) => collectionView(x, false)));
  });

  app.get('/v1/collections/:id', (c) => {
    return c.json({ data: collectionView(store.owned('collections', c.req.param('id'), c.get('account').key), true) });
  });

  app.get('/v1/collections/:id/items', (c) => {
    const coll = store.owned('collections', c.req.param('id'), c.get('account').key);
    const all = Object.values(store.data.items).filter((i) => i.collection_id === coll.id);
    return paginated(c, all.map((i) => itemView(i, store, core.baseUrl)));
  });

  app.get('/v1/items/:id', (c) => {
    return c.json({ data: itemView(store.owned('items', c.req.param('id'), c.get('account').key), store, core.baseUrl) });
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
    return c.json({ data: itemView(item, store, core.baseUrl) });
  });

  app.get('/v1/assets/:id', (c) => {
    return c.json({ data: assetView(store.owned('assets', c.req.param('id'), c.get('account').key), core.baseUrl) });
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
