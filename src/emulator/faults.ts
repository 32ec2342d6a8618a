/** Seeded fault injection: request faults from a seeded stream, job failures from a hash of the job id. */
import type { EmulatorStats } from './core.js';
import { mulberry32, unitHash } from './ids.js';
import type { ResolvedOptions } from './options.js';

/** A fault to apply to one API request, decided before any state change. */
export type RequestFault = 'server_error' | 'rate_limited' | 'drop' | null;

/** Draws faults; deterministic for a given seed and request order. */
export class Faults {
  private readonly next: () => number;

  constructor(
    private readonly opts: ResolvedOptions,
    private readonly stats: EmulatorStats,
  ) {
    this.next = mulberry32(opts.seed ^ 0x5eed);
  }

  /** At most one fault per request; draws nothing when every rate is 0. */
  forRequest(): RequestFault {
    const f = this.opts.faults;
    if (f.serverErrorRate > 0 && this.next() < f.serverErrorRate) {
      this.stats.faults.serverError += 1;
      return 'server_error';
    }
    if (f.rateLimitRate > 0 && this.next() < f.rateLimitRate) {
      this.stats.faults.rateLimited += 1;
      return 'rate_limited';
    }
    if (f.dropConnectionRate > 0 && this.next() < f.dropConnectionRate) {
      this.stats.faults.dropped += 1;
      return 'drop';
    }
    return null;
  }

  /** Whether this CDN download gets cut short. */
  truncateCdn(): boolean {
    const rate = this.opts.faults.truncateCdnRate;
    if (rate > 0 && this.next() < rate) {
      this.stats.faults.truncated += 1;
      return true;
    }
    return false;
  }

  /** Whether this processed generate answer is lost (its connection dropped before it is written). */
  loseResponse(): boolean {
    const rate = this.opts.faults.loseResponseRate;
    if (rate > 0 && this.next() < rate) {
      this.stats.faults.responsesLost += 1;
      return true;
    }
    return false;
  }

  /** The error a job will end with, or null; decided at submission so restarts keep the outcome. */
  jobFailure(jobId: string, prompts: string[]): { code: string; message: string } | null {
    const f = this.opts.faults;
    const hit = f.failPromptsContaining.find((s) => prompts.some((p) => p.includes(s)));
    if (hit !== undefined) {
      return { code: 'generation_failed', message: `generation failed (emulator: prompt contains ${JSON.stringify(hit)})` };
    }
    if (f.jobFailureRate > 0 && unitHash('job-failure', String(this.opts.seed), jobId) < f.jobFailureRate) {
      return { code: 'generation_failed', message: 'generation failed (emulator: injected job failure)' };
    }
    return null;
  }
}
