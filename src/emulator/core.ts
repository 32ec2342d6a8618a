/** What route handlers share: the state, options, services and counters of one running emulator. */
import type { DialectSpec } from './dialects/index.js';
import type { Faults } from './faults.js';
import type { Idempotency } from './idempotency.js';
import type { JobRunner } from './jobs.js';
import type { ResolvedOptions } from './options.js';
import type { RateLimiter } from './rate-limit.js';
import type { RenderService } from './render.js';
import type { Store } from './store.js';
import type { TimeScale } from './time-scale.js';

/** Counters exposed by `RunningEmulator.stats()`. */
export interface EmulatorStats {
  /** by 'METHOD /route-pattern', e.g. 'POST /v1/collections/:id/generate' (the `/_emulator` routes are not counted) */
  requests: Record<string, number>;
  generateRequests: number;
  /** uploads accepted (POST /v1/upload: a file or a URL) */
  uploads: number;
  jobsCreated: number;
  /** generation jobs per item id (a reverse job counts on its own item) */
  jobsByItem: Record<string, number>;
  creditsCharged: number;
  creditsRefunded: number;
  /** 429 answers sent (the rate limit's and injected ones) */
  rateLimited: number;
  /** long polls waiting right now (drops to 0 when clients go away) */
  activeLongPolls: number;
  /** faults injected, by kind */
  faults: { serverError: number; rateLimited: number; dropped: number; truncated: number; jobFailures: number; responsesLost: number };
}

export interface Core {
  store: Store;
  opts: ResolvedOptions;
  /** how answers are shaped and requests spelled */
  dialect: DialectSpec;
  time: TimeScale;
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
    uploads: 0,
    jobsCreated: 0,
    jobsByItem: {},
    creditsCharged: 0,
    creditsRefunded: 0,
    rateLimited: 0,
    activeLongPolls: 0,
    faults: { serverError: 0, rateLimited: 0, dropped: 0, truncated: 0, jobFailures: 0, responsesLost: 0 },
  };
}
