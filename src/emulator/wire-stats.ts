/** `GET /_emulator/stats`: the counters under the snake_case names tests and CI rely on. */
import type { EmulatorStats } from './core.js';

/** The body of `GET /_emulator/stats` (also `RunningEmulator.wireStats()`). */
export interface WireStats {
  /** every API and CDN request by 'METHOD /route-pattern' */
  requests: Record<string, number>;
  /** 429 answers sent */
  rate_limited: number;
  credits_charged: number;
  credits_refunded: number;
  jobs_created: number;
  /** generation jobs per item id */
  jobs_by_item: Record<string, number>;
  /** generate / generate-batch requests processed and then dropped unanswered */
  responses_lost: number;
  /** uploads accepted by POST /v1/upload (multipart file or JSON url) */
  uploads: number;
  /** generate and generate-batch requests that reached their handler */
  generate_requests: number;
  active_long_polls: number;
  faults: { server_error: number; rate_limited: number; dropped: number; truncated: number; job_failures: number; responses_lost: number };
}

/** A snapshot of the counters in wire form. */
export function wireStats(s: EmulatorStats): WireStats {
  return {
    requests: { ...s.requests },
    rate_limited: s.rateLimited,
    credits_charged: s.creditsCharged,
    credits_refunded: s.creditsRefunded,
    jobs_created: s.jobsCreated,
    jobs_by_item: { ...s.jobsByItem },
    responses_lost: s.faults.responsesLost,
    uploads: s.uploads,
    generate_requests: s.generateRequests,
    active_long_polls: s.activeLongPolls,
    faults: {
      server_error: s.faults.serverError,
      rate_limited: s.faults.rateLimited,
      dropped: s.faults.dropped,
      truncated: s.faults.truncated,
      job_failures: s.faults.jobFailures,
      responses_lost: s.faults.responsesLost,
    },
  };
}
