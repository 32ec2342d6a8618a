/** Credits and projects. */
import type { Hono } from 'hono';
import type { Credits } from '../../api/wire.js';
import { rejectExtra, reqString } from '../body.js';
import type { Core } from '../core.js';
import { jsonBody, paginated, type AppEnv } from '../http.js';
import { projectView } from '../present.js';

/** GET /v1/credits, POST/GET /v1/projects. */
export function accountRoutes(app: Hono<AppEnv>, core: Core): void {
  app.get('/v1/credits', (c) => {
    const a = c.get('account');
    const data: Credits = { balance: a.balance, plan: a.plan, subscription_credits: a.balance, topup_credits: 0 };
    return c.json({ data });
  });

  app.post('/v1/projects', async (c) => {
    const body = await jsonBody(c);
    rejectExtra(body, ['name']);
    const name = reqString(body, 'name');
    const id = core.store.newId();
    const project = { id, owner: c.get('account').key, name, created_at: new Date(core.now()).toISOString() };
    core.store.data.projects[id] = project;
    core.store.save();
    return c.json({ data: projectView(project) }, 201);
  });

  app.get('/v1/projects', (c) => {
    const key = c.get('account').key;
    const all = Object.values(core.store.data.projects).filter((p) => p.owner === key);
    return paginated(c, all.map(projectView));
  });

  app.get('/v1/projects/:id', (c) => c.json({ data: projectView(core.store.owned('projects', c.req.param('id'), c.get('account').key)) }));
}
