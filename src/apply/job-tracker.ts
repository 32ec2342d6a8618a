/**
 * Following many jobs in few requests. One job per kind of work (quick stills, slow clips) is
 * long-polled: the oldest one still running, which is what the next step most likely waits for.
 * When it returns, one sweep of the collection's job list (newest first, one request per 100 jobs,
 * stopping once every followed job was seen) settles all the others that ended meanwhile. A single
 * job left is simply long-polled. No clock drives any of it, so it paces itself to the service.
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
}

/** Long polls that failed this many times in a row give up (the job stays pending in the lock). */
const MAX_FAILURES = 5;

export class JobTracker {
  private readonly watched = new Map<string, Watched>();
  private readonly sentinels = new Set<Pace>();
  private sweeping: Promise<void> | undefined;
  private order = 0;

  constructor(
    private readonly api: ApplyApi,
    private readonly collection: string,
    private readonly options: TrackerOptions = {},
  ) {}

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
      this.startSentinel(pace);
    });
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
      const next = this.oldest(pace);
      if (!next || this.options.signal?.aborted) {
        if (this.options.signal?.aborted) this.rejectAll(this.options.signal.reason);
        return;
      }
      let view: JobView;
      try {
        view = await this.api.getJob(next, { wait: true, ...(this.options.signal ? { signal: this.options.signal } : {}) });
        failures = 0;
      } catch (err) {
        if (this.options.signal?.aborted || ++failures >= MAX_FAILURES) return this.rejectOne(next, err);
        continue;
      }
      this.settle(view);
      if (this.watched.size > 0) await this.sweep();
    }
  }

  /** One pass over the job list, shared by sentinels that return together. */
  private sweep(): Promise<void> {
    this.sweeping ??= this.sweepOnce().finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async sweepOnce(): Promise<void> {
    const unseen = new Set(this.watched.keys());
    let jobs: JobView[];
    try {
      jobs = await this.api.listJobs(
        { collectionId: this.collection },
        {
          ...(this.options.signal ? { signal: this.options.signal } : {}),
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

  private oldest(pace: Pace): string | undefined {
    let best: [string, Watched] | undefined;
    for (const entry of this.watched) if (entry[1].pace === pace && (!best || entry[1].order < best[1].order)) best = entry;
    return best?.[0];
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
