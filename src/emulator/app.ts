/** The Hono app: counters, faults, auth, rate limit and idempotency in front of the routes; one error renderer. */
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { Hono } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { Core } from './core.js';
import { cdnRoutes } from './cdn.js';
import { ApiError } from './errors.js';
import type { AppEnv } from './http.js';
import { KEY_PATTERN } from './options.js';
import { accountRoutes } from './routes/account.js';
import { collectionRoutes } from './routes/collections.js';
import { generateRoutes } from './routes/generate.js';
import { jobRoutes } from './routes/jobs.js';

/** Builds the emulator's request handler around a shared core. */
export function buildApp(core: Core): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // Same Idempotency-Key arriving twice at once: the second waits for the first, then replays it.
  const inflight = new Map<string, Promise<void>>();

  app.use('*', async (c, next) => {
    const handler = matchedRoutes(c).filter((r) => r.method !== 'ALL').at(-1);
    const label = `${c.req.method} ${handler ? handler.path : '(unmatched)'}`;
    core.stats.requests[label] = (core.stats.requests[label] ?? 0) + 1;
    await next();
  });

  app.use('/v1/*', async (c, next) => {
    // Faults come first, before anything can change state or charge credits.
    const fault = core.faults.forRequest();
    if (fault === 'drop') {
      c.env.incoming.socket.destroy();
      return RESPONSE_ALREADY_SENT;
    }
    if (fault === 'server_error') throw new ApiError(500, 'internal_error', 'internal error (emulator: injected fault), retry later');
    if (fault === 'rate_limited') throw rateLimited(core.opts.faults.retryAfterSeconds, 'injected fault');

    const auth = c.req.header('authorization') ?? '';
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (!m) throw new ApiError(401, 'unauthorized', auth ? 'Authorization must be "Bearer masko_<key>"' : 'missing Authorization header');
    if (!KEY_PATTERN.test(m[1]!)) throw new ApiError(401, 'unauthorized', 'invalid API key format (expected masko_ and 64 hex digits)');
    const account = core.store.account(m[1]!);
    if (!account) throw new ApiError(401, 'unauthorized', 'invalid or revoked API key');
    c.set('account', account);

    const wait = core.rateLimiter.check(account.key);
    if (wait > 0) throw rateLimited(wait, 'rate limit for this key');

    const idemKey = c.req.header('idempotency-key');
    if (c.req.method !== 'POST' || idemKey === undefined) return next();
    const fp = core.idempotency.fingerprint(idemKey, c.req.method, c.req.path, await c.req.text());
    const slot = `${account.key}\n${idemKey}`;
    while (inflight.has(slot)) await inflight.get(slot);
    const replay = core.idempotency.lookup(account.key, idemKey, fp);
    if (replay) {
      return new Response(replay.body, { status: replay.status, headers: { 'content-type': 'application/json', 'idempotent-replayed': 'true' } });
    }
    let release = (): void => {};
    inflight.set(slot, new Promise<void>((resolve) => (release = resolve)));
    try {
      await next();
      if (c.res.status >= 200 && c.res.status < 300) {
        core.idempotency.record(account.key, idemKey, fp, { status: c.res.status, body: await c.res.clone().text() });
      }
    } finally {
      inflight.delete(slot);
      release();
    }
  });

  accountRoutes(app, core);
  collectionRoutes(app, core);
  generateRoutes(app, core);
  jobRoutes(app, core);
  cdnRoutes(app, core);

  app.notFound((c) => c.json(new ApiError(404, 'not_found', `no route for ${c.req.method} ${c.req.path}`).body(), 404));
  app.onError((err, c) => {
    if (err instanceof ApiError) {
      for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
      return c.json(err.body(), err.status);
    }
    // A bug or I/O failure: log it, never send a stack trace.
    core.opts.log(`error on ${c.req.method} ${c.req.path}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return c.json(new ApiError(500, 'internal_error', 'internal error, retry later').body(), 500);
  });
  return app;
}

function rateLimited(seconds: number, why: string): ApiError {
  return new ApiError(429, 'rate_limited', `too many requests (${why}); retry after ${seconds} s`, {}, { 'Retry-After': String(seconds) });
}
