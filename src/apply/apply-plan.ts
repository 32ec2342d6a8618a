/**
 * Executes a plan: settles batches an interrupted run left written down, submits what must be
 * generated in batches as soon as its upstreams are done, journals every accepted job, follows jobs,
 * downloads and records results, and does the free fixes.
 */
import pLimit from 'p-limit';
import type { JobView } from '../api/views.js';
import type { InflightBatch } from '../model/lock.js';
import type { Manifest } from '../model/manifest.js';
import type { Plan, PlanStep } from '../model/plan.js';
import { downloadJobFiles, finishedIds, jobEvent, recordCompleted, recordFailed } from './follow-job.js';
import { tails } from './critical-path.js';
import { CreationOrder } from './creation-order.js';
import { Pacer } from './pacing.js';
import { JobTracker, type Pace } from './job-tracker.js';
import { applyFreeFixes } from './free-fixes.js';
import type { LockJournal } from './journal.js';
import { PlaceholderGuard } from './placeholders.js';
import { prepareItem, type Prepared } from './prepare.js';
import { settleVariants } from './derive-variants.js';
import { inflightItem, dropInflight, pendingEntry } from './record.js';
import { createdMs, findReverse } from './reverse.js';
import { carrySuperseded } from './superseded.js';
import { adoptions, fromJob, record, sendBatch, settleItems, type Outcome, type SendContext } from './submit-batch.js';
import type { ApplyEvent, ApplyOptions, ApplyResult, WireMemory } from './types.js';

/** How long finished jobs are gathered before their dependants are submitted together. */
const PUMP_WINDOW_MS = 8;
const DEFAULT_GRACE_MS = 1500;
const REVERSE_PATIENCE_MS = 10_000;

/** Runs a plan against the API; the lock journal is updated as work is accepted and finished. */
export async function applyPlan(plan: Plan, manifest: Manifest, journal: LockJournal, options: ApplyOptions): Promise<ApplyResult> {
  return new ApplyRun(plan, manifest, journal, options).run();
}

/** A memory that forgets: for callers that keep nothing between runs. */
export function freshMemory(): WireMemory {
  return { batchBodyKey: 'items', placeholders: new Set(), samples: new Map(), save: () => undefined };
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
  private readonly result: ApplyResult = { completed: [], failed: [], skipped: [], pending: [], creditsSpent: 0, fixed: 0, interrupted: false, errors: [] };
  private halted: { code: string; message: string } | undefined;
  private pumpTimer: Promise<void> | undefined;
  private submissions = 0;
  private idleWaiters: Array<() => void> = [];
  /** Jobs charged by this run, with what they cost (a refund offsets only these). */
  private readonly charged = new Map<string, number>();
  /** Transition id → its reverse clip's id, to be found once the transition completes. */
  private readonly awaitingReverse = new Map<string, string>();
  private readonly guard: PlaceholderGuard;
  private readonly send: SendContext;
  private readonly tracker: JobTracker;
  /** Job id → the asset it is followed for (progress events). */
  private readonly jobAssets = new Map<string, string>();
  /** Each asset to submit → its tail (critical-path.ts): the longest go first under a rate limit. */
  private tails = new Map<string, number>();
  /** Which jobs this run created after which (sweeps skip the newer ones). */
  private readonly created = new CreationOrder();
  private readonly pacer: Pacer;
  /** Set while submissions wait for the request budget to free slots. */
  private budgetWait: Promise<void> | undefined;

  constructor(
    plan: Plan,
    private readonly manifest: Manifest,
    private readonly journal: LockJournal,
    private readonly options: ApplyOptions,
  ) {
    const memory = options.memory ?? freshMemory();
    for (const step of plan.waves.flat()) {
      if (step.action === 'orphan') continue;
      this.steps.set(step.id, step);
      this.order.push(step.id);
      for (const dep of step.depends_on) this.dependants.set(dep, [...(this.dependants.get(dep) ?? []), step.id]);
    }
    this.guard = new PlaceholderGuard(memory, options.files, options.api, Object.values(journal.lock.assets).flatMap((e) => Object.values(e.files)));
    // A file recorded this run whose bytes turn out to be a placeholder is fetched again (free).
    this.guard.onConfirmed((sha) => this.refetch(sha));
    this.tracker = new JobTracker(options.api, options.collection, {
      ...(options.signal ? { signal: options.signal } : {}),
      spare: (urgency) => this.pacer.spare(urgency),
      spareChanged: () => this.options.api.budget?.changed() ?? new Promise<void>(() => undefined),
      urgency: (jobId) => this.pacer.urgency(this.jobAssets.get(jobId) ?? ''),
      newer: (jobId) => this.created.newer(jobId),
      onView: (job) => {
        const id = this.jobAssets.get(job.id);
        if (id) this.emit(jobEvent(id, job));
      },
    });
    this.pacer = new Pacer({
      waiting: this.waiting,
      tail: (id) => this.tails.get(id) ?? 0,
      deps: (id) => this.deps(id),
      dependants: (id) => this.dependants.get(id) ?? [],
      following: () => this.tracker.size,
      submissions: () => this.submissions,
      ...(options.wait && options.api.budget ? { budget: options.api.budget } : {}),
    });
    this.send = {
      api: options.api,
      collection: options.collection,
      journal,
      memory,
      limit: pLimit(Math.max(1, options.concurrency)),
      now: options.now ?? Date.now,
      graceMs: options.settleGraceMs ?? DEFAULT_GRACE_MS,
      plannedCredits: (id) => this.steps.get(id)?.credits ?? 0,
      ...(options.signal ? { signal: options.signal } : {}),
    };
  }

  async run(): Promise<ApplyResult> {
    const signal = this.options.signal;
    for (const [id, step] of this.steps) {
      const asset = this.manifest.assets[id];
      if (generating(step) && asset?.kind !== 'reverse') this.waiting.add(id);
      else if (step.action === 'resume') this.track(this.resume(id));
      else if (!generating(step)) this.available.add(id);
    }
    this.tails = tails(this.waiting, (id) => this.manifest.assets[id]?.kind, (id) => this.dependants.get(id) ?? []);
    // Batches an interrupted run wrote down are settled first: what the API has is adopted.
    for (const [key, batch] of Object.entries(this.journal.lock.inflight ?? {})) this.track(this.sending(this.settleInflight(key, batch)));
    // Variants come after the free fixes: a restored or moved file is what they are made of.
    this.track(applyFreeFixes([...this.steps.values()], this.journal, this.options, this.result, (e) => this.emit(e)).then(() => this.variantSteps()));
    // Files an earlier run recorded that are now known to be placeholders are fetched again, free.
    for (const sha of this.options.memory?.placeholders ?? []) this.refetch(sha);
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

  /**
   * Submits every waiting asset whose upstreams are available, in batches of at most ten, as the
   * pacer says (pacing.ts: longest tail first, and under a rate limit only what keeps requests free
   * for the longer tails to come); the rest waits for the budget to free slots.
   */
  private pump(): void {
    if (this.options.signal?.aborted) return;
    if (this.halted) {
      for (const id of [...this.waiting]) this.fail(id, this.halted.code, this.halted.message);
      return;
    }
    const ready = this.order.filter((id) => this.waiting.has(id) && this.deps(id).every((d) => this.available.has(d)));
    if (ready.length === 0) return;
    const { batches, deferred } = this.pacer.next(ready);
    for (const b of batches) this.submit(b.ids, b.priority);
    if (deferred) this.waitForBudget();
  }

  private waitForBudget(): void {
    const budget = this.options.api.budget;
    if (this.budgetWait || !budget) return;
    this.budgetWait = budget.changed().then(() => {
      this.budgetWait = undefined;
      this.schedulePump();
    });
    this.track(this.budgetWait);
  }

  private submit(ids: string[], priority: number): void {
    for (const id of ids) this.waiting.delete(id);
    this.track(this.sending(this.submitBatch(ids, priority)));
  }

  /** Counts a submission in flight; downloads wait for none to be left (submissions are the critical path). */
  private async sending(work: Promise<void>): Promise<void> {
    this.submissions++;
    try {
      await work;
    } finally {
      this.submissions--;
      this.releaseDownloads();
      // Its slot is free now: submissions kept back for the budget may go.
      if (this.budgetWait) this.schedulePump();
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

  private async submitBatch(ids: string[], priority: number): Promise<void> {
    const prepared: Prepared[] = [];
    for (const id of ids) {
      try {
        prepared.push(await this.prepare(id));
      } catch (err) {
        this.fail(id, 'prepare_failed', (err as Error).message);
      }
    }
    if (prepared.length === 0) return;
    const items = prepared.map((p) => inflightItem(p.asset, p.fingerprint, p.inputs, p.body, p.reverse));
    let sent = Infinity;
    let answered = Infinity;
    const ticks = { onSend: () => (sent = this.created.now()), onAnswer: () => (answered = this.created.now()) };
    const outcomes = await sendBatch({ ...this.send, priority, ...ticks }, items, prepared.map((p) => p.previous?.job_id));
    this.created.record(
      sent,
      answered,
      outcomes.flatMap((o) => (o.kind === 'accepted' && !o.adopted ? [o.got.jobId, o.reverse?.jobId] : [])).filter((j): j is string => j !== undefined),
    );
    this.handle(outcomes, true);
  }

  /** Acts on what became of each item: follows accepted jobs, fails refused items, keeps unsettled ones written down. */
  private handle(outcomes: Outcome[], chargedNow: boolean): void {
    const accepted = outcomes.filter((o): o is Extract<Outcome, { kind: 'accepted' }> => o.kind === 'accepted');
    if (accepted.length > 0) {
      let credits = 0;
      for (const o of accepted) {
        if (!chargedNow || !o.got.jobId) continue;
        credits += o.got.credits;
        this.charged.set(o.got.jobId, o.got.credits);
      }
      this.result.creditsSpent += credits;
      this.emit({ type: 'submitted', ids: accepted.map((o) => o.item.id), credits });
    }
    for (const o of outcomes) {
      if (o.kind === 'accepted') {
        if (o.adopted) this.emit({ type: 'adopted', id: o.item.id, job_id: o.got.jobId!, reason: 'its submission was accepted though the answer was lost' });
        this.follow(o.item.id, o.got.jobId!);
        if (o.item.reverse) {
          if (o.reverse?.jobId) this.follow(o.item.reverse.id, o.reverse.jobId);
          else this.awaitingReverse.set(o.item.id, o.item.reverse.id);
        }
      } else if (o.kind === 'refused') {
        if (o.halt) this.halted ??= { code: o.code, message: o.message };
        this.fail(o.item.id, o.code, o.message);
      } else if (o.code === 'interrupted') {
        this.result.skipped.push({ id: o.item.id, cause: o.message });
        this.emit({ type: 'skipped', id: o.item.id, cause: o.message });
      } else {
        this.fail(o.item.id, o.code, o.message);
      }
    }
    if (this.halted) this.pump();
  }

  /**
   * A batch an interrupted run wrote down: the API is asked what it has. A job it made for an asset
   * the plan still generates is adopted (it was paid when sent); an item it never got goes back to be
   * submitted exactly as planned now (the lock's request bodies are never sent). Nothing the plan
   * does not show is ever sent, and no entry the plan keeps is replaced.
   */
  private async settleInflight(key: string, batch: InflightBatch): Promise<void> {
    const wanted = new Set(batch.items.filter((i) => this.waiting.has(i.id) && this.manifest.assets[i.id]?.kind === i.type).map((i) => i.id));
    for (const id of wanted) this.waiting.delete(id);
    const sinceMs = batch.sent_at ? Date.parse(batch.sent_at) : undefined;
    let settled;
    try {
      settled = await settleItems(this.send, batch.items, Number.isNaN(sinceMs) ? undefined : sinceMs, [0]);
    } catch (err) {
      if (this.options.signal?.aborted) return;
      const message = `an interrupted submission could not be settled (${(err as Error).message}); masko.lock keeps it and the next run asks the API again before sending anything`;
      for (const id of wanted) this.fail(id, 'submission_unconfirmed', message);
      return;
    }
    for (const s of settled) {
      const choice = this.options.adopt?.[s.item.id];
      if (s.match.kind === 'ambiguous' && choice) {
        const job = s.match.candidates.find((j) => j.id === choice);
        if (job) s.match = { kind: 'matched', job };
      }
    }
    const mine = settled.filter((s) => wanted.has(s.item.id));
    const outcomes = adoptions(mine, (item, job) => job.cost ?? this.steps.get(item.id)?.credits ?? 0);
    const drop: string[] = [];
    for (const s of settled) {
      if (wanted.has(s.item.id)) continue;
      drop.push(s.item.id);
      if (s.match.kind === 'matched') this.emit({ type: 'warning', message: `job ${s.match.job.id} was accepted for an interrupted submission of "${s.item.id}", which the plan does not generate now; it is not recorded` });
    }
    for (const s of mine) if (s.match.kind === 'none') drop.push(s.item.id);
    await record(this.journal, key, outcomes);
    if (drop.length > 0) await this.journal.update((lock) => dropInflight(lock, key, drop));
    const resubmit = new Set(mine.filter((s) => s.match.kind === 'none').map((s) => s.item.id));
    for (const o of outcomes) {
      // Adopted but made from other inputs than planned now: recorded (it was paid), then submitted as planned.
      if (o.kind === 'accepted' && o.item.fingerprint !== this.steps.get(o.item.id)?.fingerprint) resubmit.add(o.item.id);
    }
    this.handle(outcomes.filter((o) => !(o.kind === 'accepted' && resubmit.has(o.item.id))), false);
    for (const id of resubmit) this.waiting.add(id);
    this.schedulePump();
  }

  /** Follows an accepted job to its end, then downloads and records it. */
  private follow(id: string, jobId: string): void {
    if (!this.options.wait) {
      this.result.pending.push(id);
      this.emit({ type: 'pending', id, job_id: jobId });
      return;
    }
    this.track(this.finish(id, jobId));
    const entry = this.journal.lock.assets[id];
    if (entry) this.track(this.guard.learn(Object.fromEntries(Object.entries(entry.files).map(([k, f]) => [k, f.url])), this.options.signal, jobId));
  }

  private async resume(id: string): Promise<void> {
    const entry = this.journal.lock.assets[id];
    if (!entry) return;
    if (!entry.job_id) {
      const parent = entry.type === 'reverse' ? entry.reverse_of : undefined;
      if (!parent) return this.fail(id, 'job_unknown', `masko.lock records no job for "${id}"; run prune or remove its entry`);
      // A reverse clip the API makes once its transition completes: found after that.
      if (this.steps.get(parent)?.action === 'resume') return void this.awaitingReverse.set(parent, id);
      const parentJob = this.journal.lock.assets[parent]?.job_id;
      const job = parentJob ? await this.options.api.getJob(parentJob, { signal: this.options.signal }).catch(() => undefined) : undefined;
      return this.collectReverse(parent, id, job);
    }
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
    let job: JobView;
    try {
      this.jobAssets.set(jobId, id);
      job = await this.tracker.wait(jobId, paceOf(asset.kind));
      this.emit(jobEvent(id, job));
    } catch (err) {
      if (signal?.aborted) return void this.result.pending.push(id);
      return this.fail(id, 'job_unknown', `could not follow job ${jobId}: ${(err as Error).message}; masko.lock keeps it pending and the next run resumes it`);
    }
    if (job.status === 'failed') {
      await recordFailed(this.journal, id, job);
      // The refund offsets a charge only if that charge was made by this run.
      this.result.creditsSpent -= this.charged.get(jobId) ?? 0;
      const reverse = this.awaitingReverse.get(id);
      if (reverse) this.skip(reverse, id);
      return this.fail(id, job.error?.code ?? 'job_failed', job.error?.message ?? 'the job failed');
    }
    const entry = this.journal.lock.assets[id];
    if (!entry) return;
    let done;
    try {
      done = await finishedIds(api, entry, job, signal);
    } catch (err) {
      if (signal?.aborted) return void this.result.pending.push(id);
      return this.fail(id, 'job_unknown', `job ${jobId} completed but its files could not be looked up: ${(err as Error).message}; the next run tries again without paying`, false);
    }
    if (!done.itemId) return this.fail(id, 'item_unknown', `job ${jobId} completed but the API does not say which item it made; masko.lock keeps it pending`, false);
    // Record the ids now: dependants are submitted from the lock while this asset downloads. A crash
    // in between is safe: the next plan resumes both (a resumed upstream keeps its asset id). The
    // write is not waited for: a dependant's own batch is written down (with these ids) before it
    // goes, so the critical path pays one lock write per level, not two.
    const recorded = this.journal.update((lock) => {
      const e = lock.assets[id];
      if (!e) return;
      e.item_id = done.itemId;
      for (const [key, f] of Object.entries(e.files)) if (done.assetIds[key]) f.asset_id = done.assetIds[key];
    });
    this.track(recorded);
    this.available.add(id);
    this.emit({ type: 'generated', id });
    this.schedulePump();
    const reverse = this.awaitingReverse.get(id);
    if (reverse) this.track(this.collectReverse(id, reverse, job));
    try {
      await this.submissionsIdle();
      const got = await downloadJobFiles(asset, done, files, {
        ...(signal ? { signal } : {}),
        isPlaceholder: (sha, url) => this.guard.isPlaceholder(sha, url),
      });
      await recordCompleted(this.journal, id, jobId, done.itemId, got);
      const variants = await settleVariants(asset, this.journal, files, (e) => this.emit(e), true);
      if (variants.failure) return this.fail(id, variants.failure.code, `${variants.failure.message}; the files are recorded and the next run makes the variant again, free`, false);
    } catch (err) {
      if (signal?.aborted) return void this.result.pending.push(id);
      return this.fail(id, 'download_failed', `${(err as Error).message}; masko.lock keeps the job and the next run downloads it again without paying`, false);
    }
    this.result.completed.push(id);
    this.emit({ type: 'completed', id, credits: this.journal.lock.assets[id]?.credits ?? 0 });
  }

  /** Variants of assets that generate nothing this run: made or dropped locally, free (steps in plan order). */
  private async variantSteps(): Promise<void> {
    for (const step of this.steps.values()) {
      const asset = this.manifest.assets[step.id];
      if (!asset || generating(step) || !(step.derive?.length || step.drop?.length)) continue;
      const pass = await settleVariants(asset, this.journal, this.options.files, (e) => this.emit(e));
      if (pass.failure) {
        this.result.failed.push({ id: step.id, ...pass.failure });
        this.emit({ type: 'failed', id: step.id, ...pass.failure });
      } else if (pass.changed > 0) this.result.fixed++;
    }
  }

  /**
   * A recorded file whose bytes turned out to be a CDN placeholder: its asset goes back to pending in
   * the lock and is downloaded again (the placeholder check now refuses those bytes).
   */
  private refetch(sha256: string): void {
    for (const [id, entry] of Object.entries(this.journal.lock.assets)) {
      if (entry.status !== 'completed' || !entry.job_id || !this.manifest.assets[id]) continue;
      if (!Object.values(entry.files).some((f) => f.sha256 === sha256)) continue;
      const step = this.steps.get(id);
      if (step && generating(step)) continue;
      const jobId = entry.job_id;
      this.result.completed = this.result.completed.filter((c) => c !== id);
      this.emit({ type: 'warning', message: `${id}: a file recorded for it was a CDN placeholder; downloading it again (free)` });
      this.track(this.journal.update((lock) => void (lock.assets[id]!.status = 'pending')).then(() => this.finish(id, jobId)));
    }
  }

  /** Finds the reverse clip the API made for a completed transition, records its job, and follows it. */
  private async collectReverse(parentId: string, reverseId: string, parentJob: JobView | undefined): Promise<void> {
    this.awaitingReverse.delete(parentId);
    const parent = this.manifest.assets[parentId];
    const name = parent?.kind === 'transition' ? parent.reverse?.name : undefined;
    if (!name) return;
    const match = await findReverse(this.options.api, this.options.collection, this.journal, name, createdMs(parentJob), {
      patienceMs: REVERSE_PATIENCE_MS,
      ...(this.options.signal ? { signal: this.options.signal } : {}),
    }).catch((err: unknown) => ({ kind: 'error' as const, err }));
    if (match.kind === 'matched') {
      const job = match.job;
      await this.journal.update((lock) => {
        const e = lock.assets[reverseId];
        if (!e) return;
        const fresh = pendingEntry('reverse', { id: reverseId, name: e.name, dir: this.manifest.assets[reverseId]?.outputDir ?? '', fingerprint: e.fingerprint, inputs: e.inputs }, fromJob(job, 0));
        lock.assets[reverseId] = carrySuperseded(e, { ...fresh, reverse_of: parentId });
      });
      // Found after its transition ended: it may be done already, so it is looked at even with --no-wait.
      if (!this.options.wait && job.status !== 'completed' && job.status !== 'failed') return this.follow(reverseId, job.id);
      return this.track(this.finish(reverseId, job.id));
    }
    if (match.kind === 'ambiguous') {
      return this.fail(reverseId, 'ambiguous_submission', `several jobs could be the reverse clip of "${parentId}" (${match.candidates.map((j) => j.id).join(', ')}); adopt one with \`masko-sync --adopt ${reverseId}=JOB_ID\``);
    }
    const why = match.kind === 'error' ? `looking for it failed: ${(match.err as Error).message}` : 'the API has not made it (yet)';
    this.fail(reverseId, 'no_reverse_job', `the reverse clip of "${parentId}" was not found: ${why}; masko.lock keeps it pending and the next run looks again, free`, false);
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
    return a?.kind === 'reverse' && !!step && generating(step) && !this.result.skipped.some((s) => s.id === id) && !this.journal.lock.assets[id]?.job_id;
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

/** Stills end in seconds, clips in minutes: each kind of wait has its own long poll. */
function paceOf(kind: string): Pace {
  return kind === 'image' || kind === 'edit' || kind === 'logo' ? 'quick' : 'slow';
}

function generating(step: PlanStep): boolean {
  return step.action === 'create' || step.action === 'regenerate';
}
