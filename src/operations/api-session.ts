/** An API client for one operation (import, prune --remote): the target, one dispatcher, the client; closed together. */
import { MaskoClient } from '../api/client.js';
import { createDispatcher } from '../api/dispatcher.js';
import { RequestBudget, type BudgetWait, type RateWindow } from '../api/request-budget.js';
import type { ApplyEvent } from '../apply/types.js';
import type { Dispatcher } from 'undici';
import { resolveApi, type ApiTarget } from './api-target.js';
import { log, type OperationContext } from './context.js';

/** What an operation talks to the API with. */
export interface ApiSession {
  api: MaskoClient;
  target: ApiTarget;
  agent: Dispatcher;
  close(): Promise<void>;
}

/**
 * A client for `target` with its own dispatcher and one request budget for every request it makes:
 * `rateLimit` replaces the documented limits, which are otherwise assumed until the server's headers
 * say more (the in-process emulator has none).
 */
export function clientFor(
  octx: OperationContext,
  target: ApiTarget,
  opts: { connections: number; rateLimit?: RateWindow[]; onWait?: (wait: BudgetWait) => void },
): { api: MaskoClient; agent: Dispatcher } {
  const agent = createDispatcher(octx.env, { keepAliveTimeout: 10_000, connections: opts.connections, direct: target.embedded });
  const budget = new RequestBudget({
    windows: opts.rateLimit ?? [],
    ...(opts.rateLimit || target.embedded ? { assumed: [] } : {}),
    ...(opts.onWait ? { onWait: opts.onWait } : {}),
  });
  const api = new MaskoClient({
    baseUrl: target.url,
    apiKey: target.key,
    dispatcher: agent,
    budget,
    userAgent: 'masko-sync',
    onRetry: (r) => log(octx, 'info', `retrying ${r.method} ${r.path} in ${r.delayMs} ms (attempt ${r.attempt + 1}): ${r.error.message}`),
  });
  return { api, agent };
}

/** Resolves the API (MASKO_API_URL/KEY, or the embedded emulator) and opens a client with the documented rate limits assumed. */
export async function openApi(octx: OperationContext, opts: { emulator: boolean; projectDir: string }): Promise<ApiSession> {
  const target = await resolveApi(octx, opts);
  const { api, agent } = clientFor(octx, target, { connections: 32 });
  return {
    api,
    target,
    agent,
    async close() {
      await api.close();
      await agent.close();
      await target.close();
    },
  };
}

/** The `rate_limit_wait` event of a budget wait, with a message that says why the run pauses. */
export function waitEvent(w: BudgetWait): Extract<ApplyEvent, { type: 'rate_limit_wait' }> {
  const secs = `${Math.ceil(w.waitMs / 1000)} s`;
  const rate = w.window ? `${w.window.limit} ${w.window.limit === 1 ? 'request' : 'requests'} ${per(w.window.windowMs)}` : '';
  const message = (() => {
    switch (w.cause) {
      case 'limit':
        return `waiting ${secs} for the request budget: the ${rate} of --rate-limit are used up`;
      case 'documented':
        return `waiting ${secs} for the request budget: the API's documented ${rate} are used up (assumed until its X-RateLimit headers say more; --rate-limit sets another rate)`;
      case 'server':
        return `waiting ${secs} for the request budget: the API's rate limit is used up (X-RateLimit-Remaining: 0) until it resets`;
      case 'retry_after':
        return `waiting ${secs}: the API answered 429 with Retry-After, so every request waits`;
      default: {
        const never: never = w.cause;
        return never;
      }
    }
  })();
  return { type: 'rate_limit_wait', wait_ms: w.waitMs, cause: w.cause, ...(w.window ? { limit: w.window.limit, window_s: w.window.windowMs / 1000 } : {}), message };
}

function per(windowMs: number): string {
  return windowMs === 1000 ? 'a second' : windowMs === 60_000 ? 'a minute' : windowMs === 3_600_000 ? 'an hour' : `per ${windowMs / 1000} s`;
}
