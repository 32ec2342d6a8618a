/** Runs jobs: pending → processing → completed | failed after their latency, rendering meanwhile; wakes long polls. */
import type { EmulatorStats } from './core.js';
import type { RenderService, RenderedFiles } from './render.js';
import type { JobRec } from './state.js';
import type { Store } from './store.js';

/** The longest delay a Node timer keeps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Schedules jobs with timers; `close()` stops them (state stays as it is, to resume after a restart). */
export class JobRunner {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly waiters = new Map<string, Set<() => void>>();
  private closed = false;
  /** called when a job completes, before its waiters wake (e.g. to make a deferred reverse job) */
  onCompleted: (job: JobRec) => void = () => {};

  constructor(
    private readonly store: Store,
    private readonly render: RenderService,
    private readonly stats: EmulatorStats,
    private readonly now: () => number,
    private readonly log: (line: string) => void,
  ) {}

  /** Continues every unfinished job (after a restart), and finishes what a completed one left to do. */
  resumeAll(): void {
    for (const job of Object.values(this.store.data.jobs)) {
      if (job.status === 'completed' && job.deferred_reverse) this.onCompleted(job);
      else this.schedule(job);
    }
  }

  /** Starts a job on the next tick and ends it at max(ready_at, render done). */
  schedule(job: JobRec): void {
    if (job.status === 'completed' || job.status === 'failed') return;
    this.later(0, () => {
      if (job.status === 'pending') {
        job.status = 'processing';
        job.started_at = this.now();
        job.updated_at = new Date(job.started_at).toISOString();
        this.store.saveSoon();
      }
      const rendering: Promise<RenderedFiles | undefined> = job.fail
        ? Promise.resolve(undefined)
        : Promise.all([this.render.renderJob(job.work), this.render.renderVariants(job, this.store.data.assets)]).then(([files, variants]) => ({ ...files, ...variants }));
      rendering.catch(() => {}); // awaited below; this only keeps an early rejection from being "unhandled"
      this.later(Math.max(0, job.ready_at - this.now()), async () => {
        let files: RenderedFiles | undefined;
        let renderError: unknown;
        try {
          files = await rendering;
        } catch (err) {
          renderError = err;
        }
        if (this.closed) return;
        if (job.fail) this.fail(job, job.fail);
        else if (renderError !== undefined || !files) this.fail(job, { code: 'render_failed', message: `rendering failed: ${String(renderError)}` });
        else this.complete(job, files);
      });
    });
  }

  /** Resolves when the job ends, after `ms`, or when `signal` aborts (the client went away). */
  waitFor(jobId: string, ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const set = this.waiters.get(jobId) ?? new Set<() => void>();
      this.waiters.set(jobId, set);
      let settled = false;
      const done = (): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        set.delete(done);
        if (set.size === 0) this.waiters.delete(jobId);
        signal.removeEventListener('abort', done);
        this.stats.activeLongPolls -= 1;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.stats.activeLongPolls += 1;
      set.add(done);
      signal.addEventListener('abort', done, { once: true });
      if (signal.aborted || this.closed) done();
    });
  }

  /** Stops all timers and releases every waiting long poll. */
  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const set of [...this.waiters.values()]) for (const done of [...set]) done();
  }

  private complete(job: JobRec, files: RenderedFiles): void {
    for (const [key, assetId] of [...Object.entries(job.asset_ids), ...Object.entries(job.variant_ids ?? {})]) {
      const asset = this.store.data.assets[assetId];
      const bytes = files[key];
      if (!asset) continue;
      if (!bytes) {
        this.fail(job, { code: 'render_failed', message: `the renderer produced no ${key}` });
        return;
      }
      asset.sha256 = this.render.putBlob(bytes);
      asset.bytes = bytes.length;
      asset.status = 'ready';
      asset.ready_ms = this.now();
    }
    this.finish(job, 'completed');
  }

  private fail(job: JobRec, error: { code: string; message: string }): void {
    job.error = error;
    const acct = this.store.account(job.owner);
    if (acct && job.cost_credits > 0) {
      acct.balance += job.cost_credits;
      this.stats.creditsRefunded += job.cost_credits;
    }
    this.stats.faults.jobFailures += 1;
    this.log(`job ${job.id} failed: ${error.message}; refunded ${job.cost_credits} credits`);
    this.finish(job, 'failed');
  }

  private finish(job: JobRec, status: 'completed' | 'failed'): void {
    const at = new Date(this.now()).toISOString();
    job.status = status;
    job.updated_at = at;
    job.completed_at = status === 'completed' ? at : null;
    if (status === 'completed') this.onCompleted(job);
    // Coalesced: hundreds of jobs ending close together make one write. A crash before it re-runs them to the same end.
    this.store.saveSoon();
    for (const done of [...(this.waiters.get(job.id) ?? [])]) done();
  }

  private later(ms: number, fn: () => void | Promise<void>): void {
    if (this.closed) return;
    // A Node timer fires at once past 2^31 - 1 ms (about 24.8 days): a longer latency waits in hops.
    if (ms > MAX_TIMER_MS) return this.later(MAX_TIMER_MS, () => this.later(ms - MAX_TIMER_MS, fn));
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.closed) void fn();
    }, ms);
    this.timers.add(t);
  }
}
