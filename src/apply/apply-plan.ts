/**
 * Executes a plan: settles batches an interrupted run left written down, submits what must be
 * generated in batches as soon as its upstreams are done, journals every accepted job, follows jobs
 * (collect-jobs.ts), and does the free fixes. This module schedules; the others act.
 */
import pLimit from 'p-limit';
import type { InflightBatch } from '../model/lock.js';
import type { Manifest } from '../model/manifest.js';
import type { Plan, PlanStep } from '../model/plan.js';
import { JobCollector } from './collect-jobs.js';
import { CreationOrder } from './creation-order.js';
import { tails } from './critical-path.js';
import { deriveUnchanged } from './derive-variants.js';
import { jobEvent } from './follow-job.js';
import { applyFreeFixes } from './free-fixes.js';
import { JobTracker } from './job-tracker.js';
import type { LockJournal } from './journal.js';
import { Pacer } from './pacing.js';
import { PlaceholderGuard } from './placeholders.js';
import { prepareItem, type Prepared } from './prepare.js';
import { inflightItem } from './record.js';
import { RunOutcomes } from './run-outcomes.js';
import { settleInterrupted } from './settle-interrupted.js';
import { SubmissionGate } from './submission-gate.js';
import { sendBatch, type Outcome, type SendContext } from './submit-batch.js';
import type { ApplyOptions, ApplyResult, WireMemory } from './types.js';

/** How long finished jobs are gathered before their dependants are submitted together. */
const PUMP_WINDOW_MS = 8;
const DEFAULT_GRACE_MS = 1500;

/** Runs a plan against the API; the lock journal is updated as work is accepted and finished. */
export async function applyPlan(plan: Plan, manifest: Manifest, journal: LockJournal, options: ApplyOptions): Promise<ApplyResult> {
  return new ApplyRun(plan, manifest, journal, options).run();
}

/** A memory that forgets: for callers that keep nothing between runs. */
export function freshMemory(): WireMemory {
  return { batchBodyKey: 'items', placeholders: new Set(), samples: new Map(), unchecked: new Map(), save: () => undefined };
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
  private readonly outcomes: RunOutcomes;
  private readonly gate = new SubmissionGate();
  private readonly collector: JobCollector;
  private halted: { code: string; message: string } | undefined;
  private pumpTimer: Promise<void> | undefined;
  private readonly send: SendContext;
  /** Each asset to submit → its tail (critical-path.ts): the longest go first under a rate limit. */
  private tails = new Map<string, number>();
  /** Which jobs this run created after which (sweeps skip the newer ones). */
  private readonly created = new CreationOrder();
  private readonly pacer: Pacer;
  private readonly guard: PlaceholderGuard;
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
    this.outcomes = new RunOutcomes(
      {
        waiting: this.waiting,
        dependants: (id) => this.dependants.get(id) ?? [],
        unsubmittedReverse: (id) => this.manifest.assets[id]?.kind === 'reverse' && this.generating(id) && !this.journal.lock.assets[id]?.job_id,
      },
      options.hooks?.onEvent,
    );
    const guard = new PlaceholderGuard(memory, options.files, options.api, Object.values(journal.lock.assets).flatMap((e) => Object.values(e.files)));
    this.guard = guard;
    // A file recorded this run whose bytes turn out to be a placeholder is fetched again (free).
    guard.onConfirmed((sha) => this.collector.refetch(sha));
    const tracker = new JobTracker(options.api, options.collection, {
      ...(options.signal ? { signal: options.signal } : {}),
      spare: (urgency) => this.pacer.spare(urgency),
      spareChanged: () => this.options.api.budget?.changed() ?? new Promise<void>(() => undefined),
      urgency: (jobId) => this.pacer.urgency(this.collector.assetOf(jobId) ?? ''),
      newer: (jobId) => this.created.newer(jobId),
      onView: (job) => {
        const id = this.collector.assetOf(job.id);
        if (id) this.outcomes.emit(jobEvent(id, job));
      },
    });
    this.collector = new JobCollector({
      manifest,
      journal,
      options,
      tracker,
      guard,
      outcomes: this.outcomes,
      generating: (id) => this.generating(id),
      resuming: (id) => this.steps.get(id)?.action === 'resume',
      onAvailable: (id) => {
        this.available.add(id);
        this.schedulePump();
      },
      submissionsIdle: () => this.gate.idle(),
      track: (work) => this.track(work),
    });
    this.pacer = new Pacer({
      waiting: this.waiting,
      tail: (id) => this.tails.get(id) ?? 0,
      deps: (id) => this.deps(id),
      dependants: (id) => this.dependants.get(id) ?? [],
      following: () => tracker.size,
      submissions: () => this.gate.active,
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
    const result = this.outcomes.result;
    for (const [id, step] of this.steps) {
      const asset = this.manifest.assets[id];
      if (generating(step) && asset?.kind !== 'reverse') this.waiting.add(id);
      else if (step.action === 'resume') this.track(this.collector.resume(id));
      else if (!generating(step)) this.available.add(id);
    }
    this.tails = tails(this.waiting, (id) => this.manifest.assets[id]?.kind, (id) => this.dependants.get(id) ?? []);
    // Batches an interrupted run wrote down are settled first: what the API has is adopted.
    for (const [key, batch] of Object.entries(this.journal.lock.inflight ?? {})) this.track(this.sending(this.settleInflight(key, batch)));
    // Variants come after the free fixes: a restored or moved file is what they are made of.
    this.track(applyFreeFixes([...this.steps.values()], this.journal, this.options, result, (e) => this.outcomes.emit(e)).then(() => deriveUnchanged([...this.steps.values()].filter((s) => !generating(s)), this.manifest, this.journal, this.options.files, this.outcomes)));
    // Files an earlier run recorded that are now known to be placeholders are fetched again, free;
    // so are those whose second look an interrupted run owed, if their bytes have changed since.
    for (const sha of this.options.memory?.placeholders ?? []) this.collector.refetch(sha);
    this.track(this.guard.recheckOwed(this.options.signal));
    // Interrupted before or during the run: nothing new is submitted, and the summary says why.
    const onAbort = () => (result.interrupted = true);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    this.pump();
    while (this.tasks.size > 0) await Promise.allSettled([...this.tasks]);
    for (const id of this.order) {
      if (!this.waiting.has(id)) continue;
      const cause = result.interrupted ? 'interrupted before submission' : 'upstream not finished (--no-wait)';
      result.skipped.push({ id, cause });
      this.outcomes.emit({ type: 'skipped', id, cause });
    }
    signal?.removeEventListener('abort', onAbort);
    await this.journal.flush().catch((err: unknown) => result.errors.push(`masko.lock could not be written: ${(err as Error).message}`));
    return result;
  }

  /**
   * Jobs finish one long poll at a time: gather what becomes ready over a short window so that it
   * goes out in full batches instead of one request per asset.
   */
  private schedulePump(): void {
    if (this.pumpTimer) return;
    this.gate.hold();
    this.pumpTimer = new Promise<void>((resolve) => setTimeout(resolve, PUMP_WINDOW_MS)).then(() => {
      this.pumpTimer = undefined;
      this.pump();
      this.gate.unhold();
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
      for (const id of [...this.waiting]) this.outcomes.fail(id, this.halted.code, this.halted.message);
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

  /** A submission in flight: downloads wait for it (gate), and its slot frees the budget's wait. */
  private async sending(work: Promise<void>): Promise<void> {
    try {
      await this.gate.around(work);
    } finally {
      // Its slot is free now: submissions kept back for the budget may go.
      if (this.budgetWait) this.schedulePump();
    }
  }

  private async submitBatch(ids: string[], priority: number): Promise<void> {
    const prepared: Prepared[] = [];
    for (const id of ids) {
      try {
        prepared.push(await prepareItem(this.manifest.assets[id]!, this.manifest, this.journal.lock, this.options));
      } catch (err) {
        this.outcomes.fail(id, 'prepare_failed', (err as Error).message);
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
        this.outcomes.charged.set(o.got.jobId, o.got.credits);
      }
      this.outcomes.result.creditsSpent += credits;
      this.outcomes.emit({ type: 'submitted', ids: accepted.map((o) => o.item.id), credits });
    }
    for (const o of outcomes) {
      if (o.kind === 'accepted') {
        if (o.adopted) this.outcomes.emit({ type: 'adopted', id: o.item.id, job_id: o.got.jobId!, reason: 'its submission was accepted though the answer was lost' });
        this.collector.follow(o.item.id, o.got.jobId!);
        if (o.item.reverse) {
          if (o.reverse?.jobId) this.collector.follow(o.item.reverse.id, o.reverse.jobId);
          else this.collector.awaitReverse(o.item.id, o.item.reverse.id);
        }
      } else if (o.kind === 'refused') {
        if (o.halt) this.halted ??= { code: o.code, message: o.message };
        this.outcomes.fail(o.item.id, o.code, o.message);
      } else if (o.code === 'interrupted') {
        this.outcomes.result.skipped.push({ id: o.item.id, cause: o.message });
        this.outcomes.emit({ type: 'skipped', id: o.item.id, cause: o.message });
      } else {
        this.outcomes.fail(o.item.id, o.code, o.message);
      }
    }
    if (this.halted) this.pump();
  }

  /** A batch an interrupted run wrote down (settle-interrupted.ts): adopted, dropped or sent again as planned now. */
  private async settleInflight(key: string, batch: InflightBatch): Promise<void> {
    const wanted = new Set(batch.items.filter((i) => this.waiting.has(i.id) && this.manifest.assets[i.id]?.kind === i.type).map((i) => i.id));
    for (const id of wanted) this.waiting.delete(id);
    let settled;
    try {
      settled = await settleInterrupted(
        { send: this.send, ...(this.options.adopt ? { adopt: this.options.adopt } : {}), planned: (id) => this.steps.get(id), emit: (e) => this.outcomes.emit(e) },
        key,
        batch,
        wanted,
      );
    } catch (err) {
      if (this.options.signal?.aborted) return;
      const message = `an interrupted submission could not be settled (${(err as Error).message}); masko.lock keeps it and the next run asks the API again before sending anything`;
      for (const id of wanted) this.outcomes.fail(id, 'submission_unconfirmed', message);
      return;
    }
    this.handle(settled.outcomes, false);
    for (const id of settled.resubmit) this.waiting.add(id);
    this.schedulePump();
  }

  private generating(id: string): boolean {
    const step = this.steps.get(id);
    return !!step && generating(step);
  }

  private deps(id: string): string[] {
    return this.steps.get(id)?.depends_on ?? [];
  }

  private track(p: Promise<void>): void {
    const t = p
      .catch((err: unknown) => {
        // Most often a lock write that failed (disk full, permissions): nothing may go on silently.
        this.outcomes.result.errors.push((err as Error).message);
        this.outcomes.emit({ type: 'warning', message: `error: ${(err as Error).message}` });
      })
      .finally(() => this.tasks.delete(t));
    this.tasks.add(t);
  }
}

function generating(step: PlanStep): boolean {
  return step.action === 'create' || step.action === 'regenerate';
}
