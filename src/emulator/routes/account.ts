/** Credits and projects. */
import type { Hono } from 'hono';
import { rejectExtra, reqString } from '../body.js';
import type { Core } from '../core.js';
import { jsonBody, replyList, replyOne, type AppEnv } from '../http.js';

/** GET /v1/credits, POST/GET /v1/projects. */
export function accountRoutes(app: Hono<AppEnv>, core: Core): void {
  const { dialect } = core;

  app.get('/v1/credits', (c) => replyOne(c, core, dialect.credits(c.get('account'))));

  app.post('/v1/projects', async (c) => {
    const body = await jsonBody(c);
    rejectExtra(body, ['name']);
    const name = reqString(body, 'name');
    const id = core.store.newId();
    const project = { id, owner: c.get('account').key, name, created_at: new Date(core.now()).toISOString() };
    core.store.data.projects[id] = project;
    core.store.save();
    return replyOne(c, core, dialect.project(project), 201);
  });

  app.get('/v1/projects', (c) => {
    const key = c.get('account').key;
    const all = Object.values(core.store.data.projects).filter((p) => p.owner === key);
    return replyList(c, core, 'projects', all, (p) => dialect.project(p));
  });

  app.get('/v1/projects/:id', (c) => replyOne(c, core, dialect.project(core.store.owned('projects', c.req.param('id'), c.get('account').key))));
}
