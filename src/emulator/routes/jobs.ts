/** Jobs: get (with `?wait=true` long polling) and the filtered list. */
import type { Hono } from 'hono';
import type { JobStatus } from '../../api/wire.js';
import type { Core } from '../core.js';
import { badField } from '../errors.js';
import { replyList, replyOne, viewCtx, type AppEnv } from '../http.js';
import { MAX_LONG_POLL_MS } from '../options.js';

const STATUSES: readonly JobStatus[] = ['pending', 'processing', 'completed', 'failed'];

/** GET /v1/jobs/:id and GET /v1/jobs. */
export function jobRoutes(app: Hono<AppEnv>, core: Core): void {
  const { store, dialect } = core;

  app.get('/v1/jobs/:id', async (c) => {
    const job = store.owned('jobs', c.req.param('id'), c.get('account').key);
    const wait = parseWait(c.req.query('wait'));
    const limitMs = core.time.ms(parseTimeout(c.req.query('timeout'), core.opts.longPollLimitMs));
    if (wait && job.status !== 'completed' && job.status !== 'failed' && limitMs > 0) {
      await core.runner.waitFor(job.id, limitMs, c.req.raw.signal);
    }
    return replyOne(c, core, dialect.job(job, viewCtx(core)));
  });

  app.get('/v1/jobs', (c) => {
    const key = c.get('account').key;
    const status = oneOf(c.req.query('status'), 'status', STATUSES);
    const type = oneOf(c.req.query('type'), 'type', dialect.jobTypes);
    const collectionId = c.req.query('collection_id');
    const all = Object.values(store.data.jobs)
      .filter((j) => j.owner === key)
      .filter((j) => status === undefined || j.status === status)
      .filter((j) => type === undefined || dialect.jobType(j) === type)
      .filter((j) => collectionId === undefined || j.collection_id === collectionId)
      .reverse(); // newest first
    const v = viewCtx(core);
    return replyList(c, core, 'jobs', all, (j) => dialect.job(j, v));
  });
}

function parseWait(v: string | undefined): boolean {
  if (v === undefined || v === 'false' || v === '0') return false;
  if (v === 'true' || v === '1' || v === '') return true;
  throw badField('wait', `must be true or false, got ${JSON.stringify(v)}`);
}

/** `timeout` in seconds (fractions allowed), capped at 60; the server's limit when absent. */
function parseTimeout(v: string | undefined, def: number): number {
  if (v === undefined) return def;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < 0) throw badField('timeout', `must be a number of seconds 0–60, got ${JSON.stringify(v)}`);
  return Math.min(n * 1000, MAX_LONG_POLL_MS);
}

function oneOf<T extends string>(v: string | undefined, field: string, allowed: readonly T[]): T | undefined {
  if (v === undefined) return undefined;
  if (!allowed.includes(v as T)) throw badField(field, `must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`);
  return v as T;
}
