/** The `Idempotency-Key` middleware: the same key and body replay the first answer; concurrent duplicates wait. */
import type { MiddlewareHandler } from 'hono';
import type { Core } from './core.js';
import type { AppEnv } from './http.js';

/** Honours `Idempotency-Key` on POST (installed only when the dialect or the option says so). */
export function idempotencyKeys(core: Core): MiddlewareHandler<AppEnv> {
  // Same Idempotency-Key arriving twice at once: the second waits for the first, then replays it.
  const inflight = new Map<string, Promise<void>>();
  return async (c, next) => {
    const idemKey = c.req.header('idempotency-key');
    if (c.req.method !== 'POST' || idemKey === undefined) return next();
    const account = c.get('account');
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
  };
}
