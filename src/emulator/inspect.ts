/**
 * `/_emulator/*`: what tests and CI read of the emulator itself, the same in every dialect. Same Bearer key as
 * the API; never enveloped, rate-limited, fault-injected or counted in `requests`. Views are the reference
 * shapes, so a test reads jobs, balances and items the same way whatever dialect the API speaks.
 */
import type { Hono } from 'hono';
import type { Core } from './core.js';
import { accountOf } from './guard.js';
import type { AppEnv } from './http.js';
import { collectionView, itemView, jobView } from './present.js';
import { wireStats } from './wire-stats.js';

/** The path prefix of the inspection routes. */
export const INSPECT_PREFIX = '/_emulator/';

/** GET /_emulator/stats, /_emulator/credits, /_emulator/jobs, /_emulator/items/:id, /_emulator/collections/:id. */
export function inspectRoutes(app: Hono<AppEnv>, core: Core): void {
  app.use('/_emulator/*', async (c, next) => {
    c.set('account', accountOf(core, c.req.header('authorization')));
    await next();
  });
  app.get('/_emulator/stats', (c) => c.json(wireStats(core.stats)));
  app.get('/_emulator/credits', (c) => {
    const a = c.get('account');
    return c.json({ balance: a.balance, plan: a.plan });
  });
  // Every job of the key, oldest first.
  app.get('/_emulator/jobs', (c) => {
    const key = c.get('account').key;
    const t = core.now();
    const jobs = Object.values(core.store.data.jobs).filter((j) => j.owner === key).map((j) => jobView(j, core.store, core.baseUrl, t));
    return c.json({ jobs });
  });
  app.get('/_emulator/collections/:id', (c) => {
    const coll = core.store.owned('collections', c.req.param('id'), c.get('account').key);
    return c.json(collectionView(coll, true));
  });
  app.get('/_emulator/items/:id', (c) => {
    const item = core.store.owned('items', c.req.param('id'), c.get('account').key);
    return c.json(itemView(item, core.store, core.baseUrl));
  });
}
