/** What route handlers share: the state, options, services and counters of one running emulator. */
import type { Faults } from './faults.js';
import type { Idempotency } from './idempotency.js';
import type { JobRunner } from './jobs.js';
import type { ResolvedOptions } from './options.js';
import type { RateLimiter } from './rate-limit.js';
import type { RenderService } from './render.js';
import type { Store } from './store.js';

/** Counters exposed by `RunningEmulator.stats()`. */
export interface EmulatorStats {
  /** by 'METHOD /route-pattern', e.g. 'POST /v1/collections/:id/generate' */
  requests: Record<string, number>;
  generateRequests: number;
  jobsCreated: number;
  creditsCharged: number;
  creditsRefunded: number;
  /** long polls waiting right now (drops to 0 when clients go away) */
  activeLongPolls: number;
  /** faults injected, by kind */
  faults: { serverError: number; rateLimited: number; dropped: number; truncated: number; jobFailures: number };
}

export interface Core {
  store: Store;
  opts: ResolvedOptions;
  /** e.g. http://127.0.0.1:PORT (set once listening) */
  baseUrl: string;
  faults: Faults;
  rateLimiter: RateLimiter;
  idempotency: Idempotency;
  runner: JobRunner;
  render: RenderService;
  stats: EmulatorStats;
  now: () => number;
}

/** Fresh zeroed counters. */
export function emptyStats(): EmulatorStats {
  return {
    requests: {},
    generateRequests: 0,
    jobsCreated: 0,
    creditsCharged: 0,
    creditsRefunded: 0,
    activeLongPolls: 0,
    faults: { serverError: 0, rateLimited: 0, dropped: 0, truncated: 0, jobFailures: 0 },
  };
}
