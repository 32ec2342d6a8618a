/** The middleware in front of the API routes: injected faults, the API key, the rate limit, lost answers. */
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { MiddlewareHandler } from 'hono';
import type { Core } from './core.js';
import { ApiError } from './errors.js';
import type { AppEnv, Ctx } from './http.js';
import { KEY_PATTERN } from './options.js';
import type { RateVerdict } from './rate-limit.js';
import type { AccountRec } from './state.js';

type Mw = MiddlewareHandler<AppEnv>;

/** Request faults come first, before anything can change state or charge credits. */
export function injectFaults(core: Core): Mw {
  return async (c, next) => {
    const fault = core.faults.forRequest();
    if (fault === 'drop') return dropConnection(c);
    if (fault === 'server_error') throw new ApiError(500, 'internal_error', 'internal error (emulator: injected fault), retry later');
    if (fault === 'rate_limited') {
      const ms = core.time.ms(core.opts.faults.retryAfterSeconds * 1000);
      throw rateLimited(core.time.seconds(ms), 'injected fault');
    }
    await next();
  };
}

/** 401 unless the request carries a known key; sets `account`. */
export function authenticate(core: Core): Mw {
  return async (c, next) => {
    c.set('account', accountOf(core, c.req.header('authorization')));
    await next();
  };
}

/** The account of a `Bearer masko_…` header, or a 401 saying what is wrong with it. */
export function accountOf(core: Core, auth: string | undefined): AccountRec {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(auth ?? '');
  if (!m) throw new ApiError(401, 'unauthorized', auth ? 'Authorization must be "Bearer masko_<key>"' : 'missing Authorization header');
  if (!KEY_PATTERN.test(m[1]!)) throw new ApiError(401, 'unauthorized', 'invalid API key format (expected masko_ and 64 hex digits)');
  const account = core.store.account(m[1]!);
  if (!account) throw new ApiError(401, 'unauthorized', 'invalid or revoked API key');
  return account;
}

/** Per-key limits: 429 with Retry-After past them; `X-RateLimit-*` on every answer while a limit is set. */
export function rateLimit(core: Core): Mw {
  return async (c, next) => {
    const verdict = core.rateLimiter.check(c.get('account').key);
    if (!verdict) return next();
    const headers = rateHeaders(core, verdict);
    if (!verdict.allowed) throw rateLimited(core.time.seconds(verdict.waitMs), 'rate limit for this key', headers);
    await next();
    if (!alreadySent(c)) for (const [k, v] of Object.entries(headers)) c.res.headers.set(k, v);
  };
}

/** Fault: the generation was processed and committed; its answer never leaves (the socket is destroyed). */
export function loseResponse(core: Core): Mw {
  return async (c, next) => {
    await next();
    if (c.res.status < 200 || c.res.status > 299 || alreadySent(c) || !core.faults.loseResponse()) return;
    c.res = dropConnection(c);
  };
}

function rateHeaders(core: Core, v: RateVerdict): Record<string, string> {
  return {
    'X-RateLimit-Limit': String(v.limit),
    'X-RateLimit-Remaining': String(v.remaining),
    'X-RateLimit-Reset': core.time.epochSeconds(v.resetAt),
  };
}

function rateLimited(retryAfter: string, why: string, headers: Record<string, string> = {}): ApiError {
  return new ApiError(429, 'rate_limited', `too many requests (${why}); retry after ${retryAfter} s`, {}, { ...headers, 'Retry-After': retryAfter });
}

function dropConnection(c: Ctx): Response {
  c.env.incoming.socket.destroy();
  return RESPONSE_ALREADY_SENT;
}

/** Whether the answer was already handled at the socket (it must not be touched: it is a shared object). */
export function alreadySent(c: Ctx): boolean {
  return c.res.headers.has('x-hono-already-sent');
}
