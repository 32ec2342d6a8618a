/**
 * Following many jobs in few requests. One job per kind of work (quick stills, slow clips) is
 * long-polled: the newest of the jobs something waits for most urgently (a dependant to submit),
 * else of all. When it ends, one sweep of the collection's job list (newest first, one request
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
}

/** Long polls that failed this many times in a row give up (the job stays pending in the lock). */
const MAX_FAILURES = 5;
/** How long a long poll asks to wait: clips take minutes, so their polls wait as long as the contract allows (less a margin). */
const WAIT_SECONDS: Record<Pace, number> = { quick: 25, slow: 55 };

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
      this.watched.set(jobId, { order: this.order++, pace, resolve, reject });
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
    let retargeted = false;
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
      const added = this.order;
      let view: JobView;
      try {
        view = await this.api.getJob(next.id, { wait: true, waitSeconds: WAIT_SECONDS[pace], priority: rank(next.urgency), ...(signal ? { signal } : {}) });
        failures = 0;
      } catch (err) {
        if (signal?.aborted || ++failures >= MAX_FAILURES) return this.rejectOne(next.id, err);
        continue;
      }
      const ended = view.status === 'completed' || view.status === 'failed';
      this.settle(view);
      const urgency = this.topUrgency(pace);
      if (urgency === undefined) continue;
      // Jobs as urgent were accepted while it waited: they end last, so wait for the newest of them
      // first (one long poll) rather than sweeping now and again for them (once per round).
      if (ended && !retargeted && this.target(pace)?.urgency === next.urgency && this.newestOrder(pace, next.urgency) >= added) {
        retargeted = true;
        continue;
      }
      // Sweep once the polled job ended: jobs sent before it most likely ended too. While it runs,
      // older ones may have ended first, but that only matters with something waiting on them,
      // and then only with requests to spare.
      if ((ended && this.spare(urgency) >= 1) || (urgency > 0 && this.spare(urgency) >= this.sweepPages())) {
        retargeted = false;
        await this.sweep(pace, urgency);
      }
    }
  }

  /** The acceptance order of the newest job of this pace and urgency (-1 when none). */
  private newestOrder(pace: Pace, urgency: number): number {
    let newest = -1;
    for (const [id, w] of this.watched) if (w.pace === pace && w.order > newest && this.urgency(id) === urgency) newest = w.order;
    return newest;
  }

  /**
   * The job to long-poll for a pace: the newest of its most urgent jobs. Jobs sent earlier most
   * likely end first, so when it ends one sweep settles all of them, not one sweep per straggler.
   */
  private target(pace: Pace): { id: string; urgency: number } | undefined {
    let best: { id: string; w: Watched; urgency: number } | undefined;
    for (const [id, w] of this.watched) {
      if (w.pace !== pace) continue;
      const urgency = this.urgency(id);
      if (!best || urgency > best.urgency || (urgency === best.urgency && w.order > best.w.order)) best = { id, w, urgency };
    }
    return best && { id: best.id, urgency: best.urgency };
  }

  private urgency(jobId: string): number {
    return this.options.urgency?.(jobId) ?? 1;
  }

  /** The highest urgency among the jobs of a pace (undefined when it has none). */
  private topUrgency(pace: Pace): number | undefined {
    let top: number | undefined;
    for (const [id, w] of this.watched) if (w.pace === pace) top = Math.max(top ?? 0, this.urgency(id));
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
  private sweep(pace: Pace, urgency: number): Promise<void> {
    this.sweeping ??= this.sweepOnce(pace, urgency).finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  /**
   * Reads the job list until it has seen the most urgent jobs of a pace (the others of that pace
   * most likely still run, and the other pace has its own sweeps); settles every followed job seen.
   */
  private async sweepOnce(pace: Pace, top: number): Promise<void> {
    const priority = rank(top);
    const unseen = new Set([...this.watched].filter(([id, w]) => w.pace === pace && this.urgency(id) === top).map(([id]) => id));
    if (unseen.size === 0) return;
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
