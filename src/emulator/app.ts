/**
 * The Hono app: counters, faults, auth, rate limit, lost answers and idempotency in front of the routes;
 * one error renderer, in the dialect's shape.
 */
import { Hono } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { Core } from './core.js';
import { cdnRoutes } from './cdn.js';
import { ApiError } from './errors.js';
import { authenticate, injectFaults, loseResponse, rateLimit } from './guard.js';
import type { AppEnv, Ctx } from './http.js';
import { idempotencyKeys } from './idempotency-mw.js';
import { INSPECT_PREFIX, inspectRoutes } from './inspect.js';
import { accountRoutes } from './routes/account.js';
import { collectionRoutes } from './routes/collections.js';
import { generateRoutes } from './routes/generate.js';
import { jobRoutes } from './routes/jobs.js';
import { uploadRoutes } from './routes/uploads.js';

/** Builds the emulator's request handler around a shared core. */
export function buildApp(core: Core): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use('*', async (c, next) => {
    if (c.req.path.startsWith(INSPECT_PREFIX)) return next();
    const handler = matchedRoutes(c).filter((r) => r.method !== 'ALL').at(-1);
    const label = `${c.req.method} ${handler ? handler.path : '(unmatched)'}`;
    core.stats.requests[label] = (core.stats.requests[label] ?? 0) + 1;
    await next();
    if (c.res.status === 429) core.stats.rateLimited += 1;
  });

  inspectRoutes(app, core);

  app.use('/v1/*', injectFaults(core));
  app.use('/v1/*', authenticate(core));
  app.use('/v1/*', rateLimit(core));
  // Outside idempotency: a lost answer was recorded first, as a real server would have.
  app.use('/v1/collections/:id/generate', loseResponse(core));
  app.use('/v1/collections/:id/generate-batch', loseResponse(core));
  if (core.opts.idempotency) app.use('/v1/*', idempotencyKeys(core));

  accountRoutes(app, core);
  collectionRoutes(app, core);
  generateRoutes(app, core);
  uploadRoutes(app, core);
  jobRoutes(app, core);
  cdnRoutes(app, core);

  app.notFound((c) => renderError(core, c, new ApiError(404, 'not_found', `no route for ${c.req.method} ${c.req.path}`)));
  app.onError((err, c) => {
    if (err instanceof ApiError) return renderError(core, c, err);
    // A bug or I/O failure: log it, never send a stack trace.
    core.opts.log(`error on ${c.req.method} ${c.req.path}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return renderError(core, c, new ApiError(500, 'internal_error', 'internal error, retry later'));
  });
  return app;
}

function renderError(core: Core, c: Ctx, err: ApiError): Response {
  for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
  const body = c.req.path.startsWith(INSPECT_PREFIX) ? err.body() : core.dialect.error(err);
  return c.json(body as object, err.status);
}
