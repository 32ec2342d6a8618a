/** An API client for one operation (import, prune --remote): the target, one dispatcher, the client; closed together. */
import { MaskoClient } from '../api/client.js';
import { createDispatcher } from '../api/dispatcher.js';
import { RequestBudget, type RateWindow } from '../api/request-budget.js';
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
export function clientFor(octx: OperationContext, target: ApiTarget, opts: { connections: number; rateLimit?: RateWindow[] }): { api: MaskoClient; agent: Dispatcher } {
  const agent = createDispatcher(octx.env, { keepAliveTimeout: 10_000, connections: opts.connections, direct: target.embedded });
  const budget = new RequestBudget({ windows: opts.rateLimit ?? [], ...(opts.rateLimit || target.embedded ? { assumed: [] } : {}) });
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
