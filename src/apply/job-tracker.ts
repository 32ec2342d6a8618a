/**
 * Following many jobs in few requests. One job per kind of work (quick stills, slow clips) is
 * long-polled: of the jobs something waits for (a dependant to submit), else of all, the newest of
 * the oldest round of submissions. When it ends, one sweep of the collection's job list (newest first, one request
 * per 100 jobs, stopping once every followed job was seen) settles all the others that ended
 * meanwhile. No clock drives any of it, so it paces itself to the service.
 *
 * Under a rate limit, requests are what the submissions on the critical path need: polls for jobs
 * nothing waits on (leaves, whose end only decides when the run ends) are made only with requests
 * to spare, and a sweep after a long poll that timed out (the oldest job still runs, so the others
 * most likely do too) likewise.
 */
import type { JobView } from '../api/views.js';
import type { ApplyApi } from './types.js';

/** Which long poll watches a job: stills end in seconds, clips in minutes. */
export type Pace = 'quick' | 'slow';

interface Watched {
  order: number;
  cohort: number;
  pace: Pace;
  resolve: (job: JobView) => void;
  reject: (err: unknown) => void;
}

export interface TrackerOptions {
  signal?: AbortSignal;
  /** Each view of a followed job that is still running (progress events). */
  onView?: (job: JobView) => void;
  /**
   * How urgent this job's end is: the longest tail (critical-path.ts) of the submissions waiting
   * for it; 0 when none waits (default: 1 for every job).
   */
  urgency?: (jobId: string) => number;
  /** Requests the run can spare now for a poll of that urgency, beyond what more urgent submissions need (default: unlimited). */
  spare?: (urgency: number) => number;
  /** Resolves when more requests may be spare (the request budget freed some). */
  spareChanged?: () => Promise<void>;
  /**
   * How many jobs surely were created after this one (this run's, sent after its answer came): the
   * least position it can have in the newest-first job list, where a sweep may start reading.
   */
  newer?: (jobId: string) => number;
  /** Jobs submitted together (one round of submissions) share a cohort; older cohorts have lower numbers. */
  cohort?: (jobId: string) => number;
}

/** Long polls that failed this many times in a row give up (the job stays pending in the lock). */
const MAX_FAILURES = 5;
/** Polls nothing waits on rank below every submission in the request budget. */
const IDLE_PRIORITY = -1;

/** A poll's place in the request budget: beside the submissions it unblocks (tails rank them too). */
function rank(urgency: number): number {
  return urgency > 0 ? urgency : IDLE_PRIORITY;
}

export class JobTracker {
  private readonly watched = new Map<string, Watched>();
  private readonly sentinels = new Set<Pace>();
  private sweeping: Promise<void> | undefined;
  private order = 0;
  private poke: (() => void) | undefined;
  private poked: Promise<void> | undefined;
  private readonly aborted: Promise<void>;
  private offsetsWork = true;

  constructor(
    private readonly api: ApplyApi,
    private readonly collection: string,
    private readonly options: TrackerOptions = {},
  ) {
    const signal = options.signal;
    this.aborted = new Promise<void>((resolve) => (signal?.aborted ? resolve() : signal?.addEventListener('abort', () => resolve(), { once: true })));
  }

  /** How many jobs are being followed. */
  get size(): number {
    return this.watched.size;
  }

  /** Resolves with the job's final view (completed or failed); rejects when it cannot be followed. */
  wait(jobId: string, pace: Pace): Promise<JobView> {
    const existing = this.watched.get(jobId);
    return new Promise<JobView>((resolve, reject) => {
      if (existing) {
        // Followed twice (a resumed job that is also adopted): both hear the end.
        const first = existing;
        this.watched.set(jobId, { ...first, resolve: (j) => (first.resolve(j), resolve(j)), reject: (e) => (first.reject(e), reject(e)) });
        return;
      }
      this.watched.set(jobId, { order: this.order++, cohort: this.options.cohort?.(jobId) ?? 0, pace, resolve, reject });
      this.wake();
      this.startSentinel(pace);
    });
  }

  /** Something changed that may make a waiting sentinel poll (a job added, a dependant now waiting). */
  wake(): void {
    this.poke?.();
  }

  private startSentinel(pace: Pace): void {
    if (this.sentinels.has(pace)) return;
    this.sentinels.add(pace);
    void this.sentinel(pace).finally(() => {
      this.sentinels.delete(pace);
      // A job may have been added for this pace while the loop was ending.
      if ([...this.watched.values()].some((w) => w.pace === pace)) this.startSentinel(pace);
    });
  }

  private async sentinel(pace: Pace): Promise<void> {
    let failures = 0;
    for (;;) {
      const signal = this.options.signal;
      if (signal?.aborted) return this.rejectAll(signal.reason);
      const next = this.target(pace);
      if (!next) return;
      if (this.spare(next.urgency) < 1) {
        // Requests are kept for more urgent submissions: this poll waits until some are spare.
        await this.idle();
        continue;
      }
      let view: JobView;
      try {
        view = await this.api.getJob(next.id, { wait: true, priority: rank(next.urgency), ...(signal ? { signal } : {}) });
        failures = 0;
      } catch (err) {
        if (signal?.aborted || ++failures >= MAX_FAILURES) return this.rejectOne(next.id, err);
        continue;
      }
      const ended = view.status === 'completed' || view.status === 'failed';
      this.settle(view);
      if (this.watched.size === 0) continue;
      const urgency = this.topUrgency();
      // The polled job still runs: the others of its cohort most likely do too. A sweep then only
      // might help (a shorter job that ended first), so it waits for requests to spare.
      if ((ended && this.spare(urgency) >= 1) || this.spare(urgency) >= this.sweepPages()) await this.sweep(urgency);
    }
  }

  /**
   * The job to long-poll for a pace: among its most urgent jobs, the newest of the oldest cohort.
   * Jobs sent together end about together, so when it ends one sweep settles the whole cohort
   * instead of one sweep per straggler.
   */
  private target(pace: Pace): { id: string; urgency: number } | undefined {
    let best: { id: string; w: Watched; urgency: number } | undefined;
    for (const [id, w] of this.watched) {
      if (w.pace !== pace) continue;
      const urgency = this.urgency(id);
      if (!best || urgency > best.urgency || (urgency === best.urgency && (w.cohort < best.w.cohort || (w.cohort === best.w.cohort && w.order > best.w.order)))) best = { id, w, urgency };
    }
    return best && { id: best.id, urgency: best.urgency };
  }

  private urgency(jobId: string): number {
    return this.options.urgency?.(jobId) ?? 1;
  }

  private topUrgency(): number {
    let top = 0;
    for (const id of this.watched.keys()) top = Math.max(top, this.urgency(id));
    return top;
  }

  private spare(urgency: number): number {
    return this.options.spare?.(urgency) ?? Infinity;
  }

  /** Waits until requests may be spare, or a job was added or became awaited. */
  private idle(): Promise<void> {
    this.poked ??= new Promise<void>((resolve) => (this.poke = resolve)).then(() => {
      this.poked = undefined;
      this.poke = undefined;
    });
    const changed = this.options.spareChanged?.() ?? Promise.resolve();
    return Promise.race([this.poked, changed, this.aborted]);
  }

  /** Pages a sweep reads at most: one per 100 jobs followed. */
  private sweepPages(): number {
    return Math.ceil(this.watched.size / 100);
  }

  /** One pass over the job list, shared by sentinels that return together. */
  private sweep(urgency: number): Promise<void> {
    this.sweeping ??= this.sweepOnce(rank(urgency)).finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async sweepOnce(priority: number): Promise<void> {
    // What the sweep is for: the most urgent jobs (every one when nothing waits on any).
    const top = this.topUrgency();
    const unseen = new Set([...this.watched.keys()].filter((id) => this.urgency(id) === top));
    // Newest first, the list holds at least `newer` jobs before each of them: no need to read those.
    const newer = this.options.newer;
    const offset = newer && this.offsetsWork ? Math.min(...[...unseen].map((id) => newer(id))) : 0;
    let jobs: JobView[];
    try {
      jobs = await this.api.listJobs(
        { collectionId: this.collection },
        {
          ...(this.options.signal ? { signal: this.options.signal } : {}),
          priority,
          ...(offset > 0 ? { offset } : {}),
          stopAfter: (page) => {
            for (const j of page) unseen.delete(j.id);
            return unseen.size === 0;
          },
        },
      );
    } catch {
      // The sentinels' long polls still follow every job; a failed sweep only costs time.
      return;
    }
    for (const j of jobs) unseen.delete(j.id);
    // A server whose list is not newest first: later sweeps read it from the start.
    if (offset > 0 && unseen.size > 0) this.offsetsWork = false;
    for (const job of jobs) if (this.watched.has(job.id)) this.settle(job);
  }

  private settle(view: JobView): void {
    const w = this.watched.get(view.id);
    if (!w) return;
    if (view.status === 'completed' || view.status === 'failed') {
      this.watched.delete(view.id);
      w.resolve(view);
    } else this.options.onView?.(view);
  }

  private rejectOne(id: string, err: unknown): void {
    const w = this.watched.get(id);
    this.watched.delete(id);
    w?.reject(err);
  }

  private rejectAll(err: unknown): void {
    for (const [id, w] of [...this.watched]) {
      this.watched.delete(id);
      w.reject(err);
    }
  }
}
