/**
 * Executes a plan: submits what must be generated in batches as soon as its upstreams are done,
 * journals every accepted job, follows jobs, downloads and records results, and does the free fixes.
 */
import pLimit from 'p-limit';
import { ApiError } from '../api/errors.js';
import type { BatchResult, Job } from '../api/wire.js';
import type { Manifest } from '../model/manifest.js';
import type { InflightItem } from '../model/lock.js';
import type { Plan, PlanStep } from '../model/plan.js';
import { downloadJobFiles, jobEvent, recordCompleted, recordFailed, waitForJob } from './follow-job.js';
import { applyFreeFixes } from './free-fixes.js';
import { describeApiError } from './describe-api-error.js';
import { batchKey } from './idempotency.js';
import { dropInflight, inflightItem, recordAccepted, requests } from './inflight.js';
import type { LockJournal } from './journal.js';
import { prepareItem, type Prepared } from './prepare.js';
import type { ApplyEvent, ApplyOptions, ApplyResult } from './types.js';

const BATCH_LIMIT = 10;
/** How long finished jobs are gathered before their dependants are submitted together. */
const PUMP_WINDOW_MS = 8;


/** Runs a plan against the API; the lock journal is updated as work is accepted and finished. */
export async function applyPlan(plan: Plan, manifest: Manifest, journal: LockJournal, options: ApplyOptions): Promise<ApplyResult> {
  return new ApplyRun(plan, manifest, journal, options).run();
}

class ApplyRun {
  private readonly steps = new Map<string, PlanStep>();
  private readonly order: string[] = [];
  private readonly dependants = new Map<string, string[]>();
  /** Assets to submit, not yet submitted. */
  private readonly waiting = new Set<string>();
  /** Assets whose image (asset id and finished job) can be used by dependants. */
  private readonly available = new Set<string>();
  private readonly tasks = new Set<Promise<void>>();
  private readonly submitLimit;
  private readonly result: ApplyResult = { completed: [], failed: [], skipped: [], pending: [], creditsSpent: 0, fixed: 0, interrupted: false, errors: [] };
  private halted: { code: string; message: string } | undefined;
  private pumpTimer: Promise<void> | undefined;
  private submissions = 0;
  private idleWaiters: Array<() => void> = [];
  /** Jobs accepted during this run (their charges are in creditsSpent). */
  private readonly submittedJobs = new Set<string>();

  constructor(
    plan: Plan,
    private readonly manifest: Manifest,
    private readonly journal: LockJournal,
    private readonly options: ApplyOptions,
  ) {
    this.submitLimit = pLimit(Math.max(1, options.concurrency));
    for (const step of plan.waves.flat()) {
      if (step.action === 'orphan') continue;
      this.steps.set(step.id, step);
      this.order.push(step.id);
      for (const dep of step.depends_on) this.dependants.set(dep, [...(this.dependants.get(dep) ?? []), step.id]);
    }
  }

  async run(): Promise<ApplyResult> {
    const signal = this.options.signal;
    const generating = (s: PlanStep) => s.action === 'create' || s.action === 'regenerate';
    for (const [id, step] of this.steps) {
      const asset = this.manifest.assets[id];
      if (generating(step) && asset?.kind !== 'reverse') this.waiting.add(id);
      else if (step.action === 'resume') this.track(this.resume(id));
      else if (!generating(step)) this.available.add(id);
    }
    // Batches an interrupted run wrote down before sending go first, exactly as they were.
    for (const [key, items] of Object.entries(this.journal.lock.inflight ?? {})) this.track(this.sending(this.replay(key, items)));
    this.track(applyFreeFixes([...this.steps.values()], this.journal, this.options, this.result, (e) => this.emit(e)));
    // Interrupted before or during the run: nothing new is submitted, and the summary says why.
    const onAbort = () => (this.result.interrupted = true);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    this.pump();
    while (this.tasks.size > 0) await Promise.allSettled([...this.tasks]);
    for (const id of this.order) {
      if (!this.waiting.has(id)) continue;
      const cause = this.result.interrupted ? 'interrupted before submission' : 'upstream not finished (--no-wait)';
      this.result.skipped.push({ id, cause });
      this.emit({ type: 'skipped', id, cause });
    }
    signal?.removeEventListener('abort', onAbort);
    await this.journal.flush().catch((err: unknown) => this.result.errors.push(`masko.lock could not be written: ${(err as Error).message}`));
    return this.result;
  }

  /**
   * Jobs finish one long poll at a time: gather what becomes ready over a short window so that it
   * goes out in full batches instead of one request per asset.
   */
  private schedulePump(): void {
    if (this.pumpTimer) return;
    this.pumpTimer = new Promise<void>((resolve) => setTimeout(resolve, PUMP_WINDOW_MS)).then(() => {
      this.pumpTimer = undefined;
      this.pump();
      this.releaseDownloads();
    });
    this.track(this.pumpTimer);
  }

  /** Submits every waiting asset whose upstreams are available, in batches of at most ten. */
  private pump(): void {
    if (this.options.signal?.aborted) return;
    if (this.halted) {
      for (const id of [...this.waiting]) this.fail(id, this.halted.code, this.halted.message);
      return;
    }
    const ready = this.order.filter((id) => this.waiting.has(id) && this.deps(id).every((d) => this.available.has(d)));
    for (let i = 0; i < ready.length; i += BATCH_LIMIT) this.submit(ready.slice(i, i + BATCH_LIMIT));
  }

  private submit(ids: string[]): void {
    for (const id of ids) this.waiting.delete(id);
    this.track(this.sending(this.submitBatch(ids)));
  }

  /** Counts a submission in flight; downloads wait for none to be left (submissions are the critical path). */
  private async sending(work: Promise<void>): Promise<void> {
    this.submissions++;
    try {
      await work;
    } finally {
      this.submissions--;
      this.releaseDownloads();
    }
  }

  /** Resolves once no submission is in flight or about to start. */
  private submissionsIdle(): Promise<void> {
    if (this.submissions === 0 && !this.pumpTimer) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private releaseDownloads(): void {
    if (this.submissions > 0 || this.pumpTimer) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private async submitBatch(ids: string[]): Promise<void> {
    const prepared: Prepared[] = [];
    for (const id of ids) {
      try {
        prepared.push(await this.prepare(id));
      } catch (err) {
        this.fail(id, 'prepare_failed', (err as Error).message);
      }
    }
    if (prepared.length === 0) return;
    const { collection, api, signal } = this.options;
    const items = prepared.map((p) => inflightItem(p.asset, p.fingerprint, p.inputs, p.body, p.reverse));
    const key = batchKey(collection, items, prepared.map((p) => p.previous?.job_id));
    // Written down before it is sent: a crash from here on replays this exact request with this key.
    await this.journal.update((lock) => void ((lock.inflight ??= {})[key] = items));
    let res: BatchResult;
    try {
      res = await this.submitLimit(() => api.generateBatch(collection, requests(items), key, signal));
    } catch (err) {
      await this.rejected(prepared, key, err);
      return;
    }
    await this.accepted(key, items, res, items.map(() => true));
  }

  /** Journals an accepted batch as `pending` entries, counts its cost, and follows the jobs marked in `follow`. */
  private async accepted(key: string, items: InflightItem[], res: BatchResult, follow: boolean[]): Promise<void> {
    await this.journal.update((lock) => recordAccepted(lock, key, items, res));
    for (const j of res.jobs) {
      this.submittedJobs.add(j.job_id);
      if (j.reverse_job) this.submittedJobs.add(j.reverse_job.job_id);
    }
    const credits = res.jobs.reduce((n, j) => n + j.cost_credits + (j.reverse_job?.cost_credits ?? 0), 0);
    this.result.creditsSpent += credits;
    this.emit({ type: 'submitted', ids: items.map((i) => i.id), credits });
    res.jobs.forEach((job, i) => {
      const item = items[i]!;
      if (!follow[i]) return;
      this.follow(item.id, job.job_id);
      if (item.reverse) {
        if (job.reverse_job) this.follow(item.reverse.id, job.reverse_job.job_id);
        else this.fail(item.reverse.id, 'no_reverse_job', `the API returned no reverse clip for "${item.id}"`);
      }
    });
  }

  /**
   * Sends a batch an interrupted run wrote down, byte for byte, with its key: if the API had
   * accepted it, it answers that first response and charges nothing. Items whose planned
   * fingerprint still matches are then followed; the others go back to be submitted as planned now.
   */
  private async replay(key: string, items: InflightItem[]): Promise<void> {
    const { collection, api, signal } = this.options;
    const held = items.filter((i) => this.waiting.delete(i.id)).map((i) => i.id);
    let res: BatchResult;
    try {
      res = await this.submitLimit(() => api.generateBatch(collection, requests(items), key, signal));
    } catch (err) {
      if (signal?.aborted) return;
      if (err instanceof ApiError && !err.retryable) {
        // Refused now, so it was not accepted then either: nothing was charged; plan afresh.
        await this.journal.update((lock) => dropInflight(lock, key));
        this.emit({ type: 'warning', message: `an interrupted submission of ${items.map((i) => i.id).join(', ')} was refused on replay (${err.message}); submitting as planned` });
        for (const id of held) this.waiting.add(id);
        this.schedulePump();
        return;
      }
      const message = `an interrupted submission could not be confirmed (${(err as Error).message}); masko.lock keeps it and the next run sends it again with the same key, so it is never charged twice`;
      for (const id of held) this.fail(id, 'submission_unconfirmed', message);
      return;
    }
    const current = items.map((i) => this.steps.get(i.id)?.fingerprint === i.fingerprint && held.includes(i.id));
    await this.accepted(key, items, res, current);
    // Changed since: what the replay made is recorded (and was paid for then); the new version is submitted.
    items.forEach((item, i) => {
      if (!current[i] && held.includes(item.id)) this.waiting.add(item.id);
    });
    this.schedulePump();
  }

  /** A batch that was not accepted: a clear 4xx fails its items (or just the one it names); anything else is ambiguous. */
  private async rejected(prepared: Prepared[], key: string, err: unknown): Promise<void> {
    const clear = err instanceof ApiError && !err.retryable;
    // Refused: nothing was charged, the written-down batch is void. (An idempotency conflict would
    // mean this key was used for another body: keep it written down and let a person look.)
    if (clear && !(err instanceof ApiError && err.code === 'idempotency_conflict')) await this.journal.update((lock) => dropInflight(lock, key));
    if (this.options.signal?.aborted) {
      for (const p of prepared) this.waiting.add(p.id);
      return;
    }
    if (err instanceof ApiError && clear) {
      const index = typeof err.details.index === 'number' ? err.details.index : undefined;
      const culprit = index !== undefined ? prepared[index] : undefined;
      if (culprit && prepared.length > 1 && (err.status === 400 || err.status === 403)) {
        // One bad item must not sink the other nine: fail it, send the rest again.
        this.fail(culprit.id, err.code, describeApiError(err, culprit.asset));
        this.submit(prepared.filter((p) => p !== culprit).map((p) => p.id));
        return;
      }
      if (err.status === 402 || err.status === 401) this.halted = { code: err.code, message: describeApiError(err) };
      for (const p of prepared) this.fail(p.id, err.code, describeApiError(err, p.asset));
      this.pump();
      return;
    }
    const message = `the submission could not be confirmed (${(err as Error).message}); it is written down in masko.lock and the next run sends it again with the same idempotency key, so it is never charged twice`;
    for (const p of prepared) this.fail(p.id, 'submission_unconfirmed', message);
  }

  /** Follows an accepted job to its end, then downloads and records it. */
  private follow(id: string, jobId: string): void {
    if (!this.options.wait) {
      this.result.pending.push(id);
      this.emit({ type: 'pending', id, job_id: jobId });
      return;
    }
    this.track(this.finish(id, jobId));
  }

  private async resume(id: string): Promise<void> {
    const entry = this.journal.lock.assets[id];
    if (!entry) return;
    if (!this.options.wait) {
      // Not waiting is no reason to leave a finished job uncollected: one look, no long poll,
      // so repeated --no-wait runs make progress (and submit the dependants).
      const now = await this.options.api.getJob(entry.job_id, { signal: this.options.signal }).catch(() => undefined);
      if (now?.status !== 'completed' && now?.status !== 'failed') {
        this.result.pending.push(id);
        return;
      }
    }
    await this.finish(id, entry.job_id);
  }

  private async finish(id: string, jobId: string): Promise<void> {
    const { api, files, signal } = this.options;
    const asset = this.manifest.assets[id];
    if (!asset) return;
    let job: Job;
    try {
      job = await waitForJob(api, jobId, signal, (j) => this.emit(jobEvent(id, j)));
    } catch (err) {
      if (signal?.aborted) return void this.result.pending.push(id);
      return this.fail(id, 'job_unknown', `could not follow job ${jobId}: ${(err as Error).message}; masko.lock keeps it pending and the next run resumes it`);
    }
    if (job.status === 'failed') {
      await recordFailed(this.journal, id, job);
      // The refund offsets a charge only if that charge was made by this run.
      if (this.submittedJobs.has(jobId)) this.result.creditsSpent -= job.cost_credits;
      return this.fail(id, job.error?.code ?? 'job_failed', job.error?.message ?? 'the job failed');
    }
    // The image asset id was journaled at submission and the job is done: dependants can go now,
    // while this asset downloads. A crash in between is safe: the next plan resumes both, since a
    // resumed upstream keeps its recorded asset id (src/plan/plan-asset.ts).
    this.available.add(id);
    this.emit({ type: 'generated', id });
    this.schedulePump();
    try {
      await this.submissionsIdle();
      const got = await downloadJobFiles(asset, job, files, signal);
      await recordCompleted(this.journal, id, job, got);
    } catch (err) {
      if (signal?.aborted) return void this.result.pending.push(id);
      return this.fail(id, 'download_failed', `${(err as Error).message}; masko.lock keeps the job and the next run downloads it again without paying`, false);
    }
    this.result.completed.push(id);
    this.emit({ type: 'completed', id, credits: this.journal.lock.assets[id]?.credits ?? 0 });
  }

  private prepare(id: string): Promise<Prepared> {
    return prepareItem(this.manifest.assets[id]!, this.manifest, this.journal.lock, this.options);
  }

  private deps(id: string): string[] {
    return this.steps.get(id)?.depends_on ?? [];
  }

  /** Records a failure; dependants still waiting are skipped with this one as their cause. */
  private fail(id: string, code: string, message: string, skipDependants = true): void {
    this.waiting.delete(id);
    this.result.failed.push({ id, code, message });
    this.emit({ type: 'failed', id, code, message });
    if (skipDependants) this.skipDependants(id, id);
  }

  private skipDependants(id: string, root: string): void {
    for (const d of this.dependants.get(id) ?? []) if (this.waiting.has(d) || this.isUnsubmittedReverse(d)) this.skip(d, root);
  }

  private isUnsubmittedReverse(id: string): boolean {
    const a = this.manifest.assets[id];
    const step = this.steps.get(id);
    return a?.kind === 'reverse' && !!step && (step.action === 'create' || step.action === 'regenerate') && !this.result.skipped.some((s) => s.id === id) && !this.journal.lock.assets[id]?.job_id;
  }

  private skip(id: string, root: string): void {
    this.waiting.delete(id);
    if (this.result.skipped.some((s) => s.id === id)) return;
    this.result.skipped.push({ id, cause: root });
    this.emit({ type: 'skipped', id, cause: root });
    this.skipDependants(id, root);
  }

  private track(p: Promise<void>): void {
    const t = p
      .catch((err: unknown) => {
        // Most often a lock write that failed (disk full, permissions): nothing may go on silently.
        this.result.errors.push((err as Error).message);
        this.emit({ type: 'warning', message: `error: ${(err as Error).message}` });
      })
      .finally(() => this.tasks.delete(t));
    this.tasks.add(t);
  }

  private emit(event: ApplyEvent): void {
    this.options.hooks?.onEvent?.(event);
  }
}
