/**
 * Following accepted jobs to their end and collecting what they made: the ids recorded as soon as a
 * job completes (its dependants may go), then the files downloaded, checked against placeholders,
 * recorded and their variants made; a transition's reverse clip found and followed; a file that
 * proves to be a placeholder fetched again. Never a paid request.
 */
import type { JobView } from '../api/views.js';
import type { Manifest } from '../model/manifest.js';
import { downloadJobFiles, finishedIds, jobEvent, recordCompleted, recordFailed } from './follow-job.js';
import type { JobTracker, Pace } from './job-tracker.js';
import type { LockJournal } from './journal.js';
import type { PlaceholderGuard } from './placeholders.js';
import { settleVariants } from './derive-variants.js';
import { pendingEntry } from './record.js';
import { createdMs, findReverse } from './reverse.js';
import type { RunOutcomes } from './run-outcomes.js';
import { fromJob } from './submit-batch.js';
import { carrySuperseded } from './superseded.js';
import type { ApplyOptions } from './types.js';

const REVERSE_PATIENCE_MS = 10_000;

export interface CollectContext {
  manifest: Manifest;
  journal: LockJournal;
  options: ApplyOptions;
  tracker: JobTracker;
  guard: PlaceholderGuard;
  outcomes: RunOutcomes;
  /** Whether the plan generates the asset this run (its lock entry is about to be replaced). */
  generating: (id: string) => boolean;
  /** Whether the plan resumes the asset's job this run. */
  resuming: (id: string) => boolean;
  /** The asset's ids are recorded: its dependants may be submitted. */
  onAvailable: (id: string) => void;
  /** Resolves once no submission is in flight or about to start (downloads wait for that). */
  submissionsIdle: () => Promise<void>;
  track: (work: Promise<void>) => void;
}

export class JobCollector {
  /** Job id → the asset it is followed for (progress events). */
  private readonly jobAssets = new Map<string, string>();
  /** Transition id → its reverse clip's id, to be found once the transition completes. */
  private readonly awaitingReverse = new Map<string, string>();

  constructor(private readonly ctx: CollectContext) {}

  /** The asset a followed job is for. */
  assetOf(jobId: string): string | undefined {
    return this.jobAssets.get(jobId);
  }

  /** A transition submitted without its reverse clip's job: the clip is looked for once it completes. */
  awaitReverse(transitionId: string, reverseId: string): void {
    this.awaitingReverse.set(transitionId, reverseId);
  }

  /** Follows an accepted job to its end, then downloads and records it (with --no-wait: leaves it pending). */
  follow(id: string, jobId: string): void {
    const { options, journal, guard, outcomes } = this.ctx;
    if (!options.wait) {
      outcomes.pending(id);
      outcomes.emit({ type: 'pending', id, job_id: jobId });
      return;
    }
    this.ctx.track(this.finish(id, jobId));
    const entry = journal.lock.assets[id];
    if (entry) this.ctx.track(guard.learn(Object.fromEntries(Object.entries(entry.files).map(([k, f]) => [k, f.url])), options.signal, jobId));
  }

  /** An asset whose job an earlier run left unfinished (the plan's `resume`). */
  async resume(id: string): Promise<void> {
    const { journal, options, outcomes } = this.ctx;
    const entry = journal.lock.assets[id];
    if (!entry) return;
    if (!entry.job_id) {
      const parent = entry.type === 'reverse' ? entry.reverse_of : undefined;
      if (!parent) return outcomes.fail(id, 'job_unknown', `masko.lock records no job for "${id}"; run prune or remove its entry`);
      // A reverse clip the API makes once its transition completes: found after that.
      if (this.ctx.resuming(parent)) return void this.awaitingReverse.set(parent, id);
      const parentJob = journal.lock.assets[parent]?.job_id;
      const job = parentJob ? await options.api.getJob(parentJob, { signal: options.signal }).catch(() => undefined) : undefined;
      return this.collectReverse(parent, id, job);
    }
    if (!options.wait) {
      // Not waiting is no reason to leave a finished job uncollected: one look, no long poll,
      // so repeated --no-wait runs make progress (and submit the dependants).
      const now = await options.api.getJob(entry.job_id, { signal: options.signal }).catch(() => undefined);
      if (now?.status !== 'completed' && now?.status !== 'failed') return outcomes.pending(id);
    }
    await this.finish(id, entry.job_id);
  }

  /**
   * A recorded file whose bytes turned out to be a CDN placeholder: its asset goes back to pending in
   * the lock and is downloaded again (the placeholder check now refuses those bytes).
   */
  refetch(sha256: string): void {
    const { journal, manifest, outcomes } = this.ctx;
    for (const [id, entry] of Object.entries(journal.lock.assets)) {
      if (entry.status !== 'completed' || !entry.job_id || !manifest.assets[id]) continue;
      if (!Object.values(entry.files).some((f) => f.sha256 === sha256)) continue;
      // An entry the plan replaces this run is left alone, unless this run already made its replacement.
      if (this.ctx.generating(id) && !this.jobAssets.has(entry.job_id)) continue;
      const jobId = entry.job_id;
      outcomes.reopen(id);
      outcomes.emit({ type: 'warning', message: `${id}: a file recorded for it was a CDN placeholder; downloading it again (free)` });
      this.ctx.track(journal.update((lock) => void (lock.assets[id]!.status = 'pending')).then(() => this.finish(id, jobId)));
    }
  }

  private async finish(id: string, jobId: string): Promise<void> {
    const { manifest, journal, options, outcomes } = this.ctx;
    const { api, files, signal } = options;
    const asset = manifest.assets[id];
    if (!asset) return;
    let job: JobView;
    try {
      this.jobAssets.set(jobId, id);
      job = await this.ctx.tracker.wait(jobId, paceOf(asset.kind));
      outcomes.emit(jobEvent(id, job));
    } catch (err) {
      if (signal?.aborted) return outcomes.pending(id);
      return outcomes.fail(id, 'job_unknown', `could not follow job ${jobId}: ${(err as Error).message}; masko.lock keeps it pending and the next run resumes it`);
    }
    if (job.status === 'failed') {
      await recordFailed(journal, id, job);
      // The refund offsets a charge only if that charge was made by this run.
      outcomes.result.creditsSpent -= outcomes.charged.get(jobId) ?? 0;
      const reverse = this.awaitingReverse.get(id);
      if (reverse) outcomes.skip(reverse, id);
      return outcomes.fail(id, job.error?.code ?? 'job_failed', job.error?.message ?? 'the job failed');
    }
    const entry = journal.lock.assets[id];
    if (!entry) return;
    let done;
    try {
      done = await finishedIds(api, entry, job, signal);
    } catch (err) {
      if (signal?.aborted) return outcomes.pending(id);
      return outcomes.fail(id, 'job_unknown', `job ${jobId} completed but its files could not be looked up: ${(err as Error).message}; the next run tries again without paying`, false);
    }
    if (!done.itemId) return outcomes.fail(id, 'item_unknown', `job ${jobId} completed but the API does not say which item it made; masko.lock keeps it pending`, false);
    // Record the ids now: dependants are submitted from the lock while this asset downloads. A crash
    // in between is safe: the next plan resumes both (a resumed upstream keeps its asset id). The
    // write is not waited for: a dependant's own batch is written down (with these ids) before it
    // goes, so the critical path pays one lock write per level, not two.
    this.ctx.track(
      journal.update((lock) => {
        const e = lock.assets[id];
        if (!e) return;
        e.item_id = done.itemId;
        for (const [key, f] of Object.entries(e.files)) if (done.assetIds[key]) f.asset_id = done.assetIds[key];
      }, { lazy: true }),
    );
    outcomes.emit({ type: 'generated', id });
    this.ctx.onAvailable(id);
    const reverse = this.awaitingReverse.get(id);
    if (reverse) this.ctx.track(this.collectReverse(id, reverse, job));
    try {
      await this.ctx.submissionsIdle();
      const got = await downloadJobFiles(asset, done, files, {
        ...(signal ? { signal } : {}),
        isPlaceholder: (sha, url) => this.ctx.guard.isPlaceholder(sha, url),
      });
      await recordCompleted(journal, id, jobId, done.itemId, got);
      for (const [key, f] of Object.entries(got)) this.ctx.track(this.ctx.guard.lookAgain(key, f.url, f.sha256!, signal));
      const variants = await settleVariants(asset, journal, files, (e) => outcomes.emit(e), true);
      if (variants.failure) return outcomes.fail(id, variants.failure.code, `${variants.failure.message}; the files are recorded and the next run makes the variant again, free`, false);
    } catch (err) {
      if (signal?.aborted) return outcomes.pending(id);
      return outcomes.fail(id, 'download_failed', `${(err as Error).message}; masko.lock keeps the job and the next run downloads it again without paying`, false);
    }
    outcomes.completed(id, journal.lock.assets[id]?.credits ?? 0);
  }

  /** Finds the reverse clip the API made for a completed transition, records its job, and follows it. */
  private async collectReverse(parentId: string, reverseId: string, parentJob: JobView | undefined): Promise<void> {
    const { manifest, journal, options, outcomes } = this.ctx;
    this.awaitingReverse.delete(parentId);
    const parent = manifest.assets[parentId];
    const name = parent?.kind === 'transition' ? parent.reverse?.name : undefined;
    if (!name) return;
    const match = await findReverse(options.api, options.collection, journal, name, createdMs(parentJob), {
      patienceMs: REVERSE_PATIENCE_MS,
      ...(options.signal ? { signal: options.signal } : {}),
    }).catch((err: unknown) => ({ kind: 'error' as const, err }));
    if (match.kind === 'matched') {
      const job = match.job;
      await journal.update((lock) => {
        const e = lock.assets[reverseId];
        if (!e) return;
        const fresh = pendingEntry('reverse', { id: reverseId, name: e.name, dir: manifest.assets[reverseId]?.outputDir ?? '', fingerprint: e.fingerprint, inputs: e.inputs }, fromJob(job, 0));
        lock.assets[reverseId] = carrySuperseded(e, { ...fresh, reverse_of: parentId });
      });
      // Found after its transition ended: it may be done already, so it is looked at even with --no-wait.
      if (!options.wait && job.status !== 'completed' && job.status !== 'failed') return this.follow(reverseId, job.id);
      return this.ctx.track(this.finish(reverseId, job.id));
    }
    if (match.kind === 'ambiguous') {
      return outcomes.fail(reverseId, 'ambiguous_submission', `several jobs could be the reverse clip of "${parentId}" (${match.candidates.map((j) => j.id).join(', ')}); adopt one with \`masko-sync --adopt ${reverseId}=JOB_ID\``);
    }
    const why = match.kind === 'error' ? `looking for it failed: ${(match.err as Error).message}` : 'the API has not made it (yet)';
    outcomes.fail(reverseId, 'no_reverse_job', `the reverse clip of "${parentId}" was not found: ${why}; masko.lock keeps it pending and the next run looks again, free`, false);
  }
}

/** Stills end in seconds, clips in minutes: each kind of wait has its own long poll. */
function paceOf(kind: string): Pace {
  return kind === 'image' || kind === 'edit' || kind === 'logo' ? 'quick' : 'slow';
}
