/**
 * The sync engine as a library function: plan, refuse what must be refused before any request
 * (files in the way, unwritable folders, the budget, the balance), create the collection, apply with
 * the lock as its journal, and write the outputs. It reports through events and returns a report;
 * the CLI, watch and scripts all call it and decide themselves how to show it.
 */
import type { RateWindow } from '../api/request-budget.js';
import { applyPlan } from '../apply/apply-plan.js';
import { LockJournal } from '../apply/journal.js';
import type { ApplyEvent, ApplyResult } from '../apply/types.js';
import { emptyLock, lockWriter } from '../lockfile/index.js';
import type { Lockfile } from '../model/lock.js';
import type { Plan, PlanStep } from '../model/plan.js';
import { replaceableFiles } from '../outputs/ownership.js';
import { maxDownloadBytes, projectFiles } from '../outputs/project-files.js';
import type { DownloadPolicy } from '../outputs/url-policy.js';
import { buildPlan, summarize } from '../plan/index.js';
import { selectOnly } from '../plan/select-only.js';
import { unknownIdsMessage } from '../plan/unknown-ids.js';
import { clientFor, waitEvent } from './api-session.js';
import { downloadPolicyFor, resolveApi, type ApiTarget } from './api-target.js';
import { parseOverwrite, refuseConflicts, refuseUnwritable } from './check-conflicts.js';
import { checkLockUrls } from './check-lock-urls.js';
import { log, type OperationContext } from './context.js';
import { ensureCollection } from './ensure-collection.js';
import { ensureUploads } from '../apply/uploads.js';
import { syncReferences } from '../apply/references.js';
import { applyMoves } from '../plan/apply-moves.js';
import { collectionChanges } from '../plan/plan-life.js';
import { readSourceFile } from './check-source-files.js';
import { rerollSet } from './reroll.js';
import { OperationError } from './errors.js';
import { ExitCode } from './exit-codes.js';
import { checkBalance, checkBudget, gatedSteps } from './money.js';
import { localFiles, loadProject, type Project } from './project.js';
import type { FrozenReport, RestoreEvent } from './restore.js';
import { loadWireMemory } from './wire-memory.js';
import { DeferredMediaReader, preloadOutputModules, writeAllOutputs } from './output-modules.js';

export interface SyncOptions {
  /** The manifest (-f); without it, found from the working folder up. */
  file?: string;
  /** Only these assets, with what they depend on. */
  only?: string[];
  /** Batch submissions in flight at once (default 4). */
  concurrency?: number;
  /** Refuse (exit 5) an estimate above this; 0 means nothing may be spent. */
  maxCredits?: number;
  /** Never generate, never write the lock: restore files and report what a sync would change. */
  frozen?: boolean;
  /** false: submit, record pending jobs, return (default true). */
  wait?: boolean;
  /** Run against an in-process emulator with its state in `.masko/emulator`. */
  emulator?: boolean;
  /** Jobs a person picked for submissions whose match was ambiguous (asset id → job id). */
  adopt?: Record<string, string>;
  /** Limits to keep API requests under, instead of the documented ones. */
  rateLimit?: RateWindow[];
  /** Files in the way adopted on purpose (`["all"]` for every one). */
  overwrite?: string[];
  /** `--reroll`: make these assets again with the same inputs (paid; dependants follow). */
  reroll?: string[];
  /** Every step of the run as it happens (plan, submissions, jobs, files, failures). */
  onEvent?: (event: SyncEvent) => void;
}

/** What a sync reports as it goes: the plan first, then the applier's events (or the frozen restores). */
export type SyncEvent = { type: 'plan'; plan: Plan; work: number } | ApplyEvent | RestoreEvent;

/** What a sync ended with. */
export interface SyncReport {
  /** The manifest as the user named it (relative to the working folder), for messages. */
  displayName: string;
  plan: Plan;
  /** The applier's result (empty for a frozen run). */
  result: ApplyResult;
  /** The plan's estimate of what could be spent. */
  estimate: number;
  /** Set for `frozen` runs. */
  frozen?: FrozenReport;
  /** The documented exit code of this outcome (0, 1, 2, 3, 130). */
  exitCode: number;
}

const FREE_ONLY = new Set(['unchanged', 'orphan']);

/** Runs a sync of the project; throws OperationError for the stops of the exit-code table (4, 5, 1). */
export async function sync(octx: OperationContext, options: SyncOptions = {}): Promise<SyncReport> {
  // The run lock is taken before masko.lock is read: the lock this run plans from is no other run's work in progress.
  const project = await loadProject(octx, options.file, { runLock: options.frozen ? 'sync --frozen' : 'sync' });
  const runLock = project.runLock!;
  try {
    if (runLock.tookOverFrom) log(octx, 'info', `note: took over a stale run lock of pid ${runLock.tookOverFrom.pid} (no longer running)`);
    checkLockUrls(project, downloadPolicyFor(octx, options.emulator ?? false));
    const overwrite = parseOverwrite(options.overwrite);
    const reroll = rerollSet(project, options.reroll);
    let plan = buildPlan(project.manifest, project.graph, project.lock, { files: await localFiles(project), ...(overwrite ? { overwrite } : {}), ...(reroll ? { reroll } : {}) });
    if (options.only?.length) {
      const selected = selectOnly(plan, options.only);
      if (selected.unknown.length) throw new OperationError(unknownIdsMessage('--only', selected.unknown, Object.keys(project.manifest.assets)), ExitCode.invalid);
      plan = selected.plan;
    }
    // Files in the way are found from the plan and the disk alone: refused before the budget, the balance or any request.
    if (!options.frozen) refuseConflicts(plan);
    if (!options.frozen) await refuseUnwritable(project.dir, project.manifest, plan);
    const work = plan.waves.flat().filter((s) => !FREE_ONLY.has(s.action));
    options.onEvent?.({ type: 'plan', plan, work: work.length });
    if (options.frozen) {
      const frozen = await withDownloads(octx, project, options.emulator ?? false, async (downloads) => (await import('./restore.js')).frozenCheck(octx, project, plan, downloads, options.onEvent));
      return { displayName: project.displayName, plan, result: emptyResult(), estimate: plan.summary.credits, frozen, exitCode: frozen.exitCode };
    }
    if (work.length > 0) checkBudget(plan, project.manifest, options.maxCredits);
    return await applyPlanned(octx, project, plan, options);
  } finally {
    await runLock.release();
  }
}

/** What a caller with its own session (watch) passes to applyPlanned. */
export interface ApplyPlannedOptions {
  /** An API target to use and leave open (watch keeps one per session); without it one is resolved and closed. */
  target?: ApiTarget;
  /** Called with each apply event and the journal's lock as it stands then (the gallery). */
  onLockEvent?: (event: ApplyEvent, lock: Lockfile) => void;
}

/**
 * Applies a plan whose budget was checked: a free-only plan just rewrites the outputs; otherwise the
 * balance is checked and the plan applied. Takes no run lock: the caller holds it.
 */
export async function applyPlanned(octx: OperationContext, project: Project, plan: Plan, options: SyncOptions & ApplyPlannedOptions = {}): Promise<SyncReport> {
  const work = plan.waves.flat().filter((s) => !FREE_ONLY.has(s.action));
  if (work.length === 0 && collectionChanges(plan) === 0) {
    if (project.lock) await writeAllOutputs(project.dir, project.manifest, project.lock);
    return report(project, plan, emptyResult(), 0);
  }
  const target = options.target ?? (await resolveApi(octx, { emulator: options.emulator ?? false, projectDir: project.dir, keyOptional: localOnly(plan, work) }));
  const { api, agent } = clientFor(octx, target, {
    connections: 128,
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    // A pause for the rate limit is told, so that a user knows why nothing moves.
    onWait: (w) => options.onEvent?.(waitEvent(w)),
  });
  try {
    let pre: ApplyResult = emptyResult();
    if (plan.summary.credits > 0) {
      const credits = await api.credits(octx.signal);
      const gated = gatedSteps(plan, credits);
      if (gated.length) ({ plan, pre } = withoutGated(plan, gated));
      if (credits.balance === undefined) log(octx, 'info', 'note: the API reports no balance; going on with the budget checks only (--max-credits, budget)');
      checkBalance(plan, credits);
    }
    const memory = await loadWireMemory(project.dir, target.url);
    // The plan was made with `moved:` applied to the lock: the journal starts from the same lock.
    const journal = new LockJournal(applyMoves(project.manifest, project.lock ?? emptyLock()).lock, lockWriter(project.lockPath), { readsAtOnce: true });
    // Each completed asset's files are read for the index while the run goes on (outputs/read-media.ts).
    const media = new DeferredMediaReader(project.dir);
    const emit = (e: ApplyEvent) => {
      // The output modules load while the first jobs run, not before the first job is accepted.
      if (e.type === 'submitted') preloadOutputModules();
      if (e.type === 'completed') media.add(Object.values(journal.lock.assets[e.id]?.files ?? {}));
      options.onEvent?.(e);
      options.onLockEvent?.(e, journal.lock);
    };
    // Files and URLs are uploaded (free) first: generations and the new collection's references use them.
    const signal = octx.signal ? { signal: octx.signal } : {};
    const uploads = await ensureUploads(plan, project.manifest, journal, { api, readFile: (rel) => readSourceFile(project.dir, rel), ...signal, onEvent: emit });
    const collection = await ensureCollection(project.manifest, journal, api, octx.signal);
    if (collection.created) log(octx, 'info', `created collection ${collection.id}`);
    if (collection.adopted) log(octx, 'info', `using the existing collection ${collection.id} of that name (masko.lock did not record it yet)`);
    const references = await syncReferences(project.manifest, journal, api, collection.id, { ...signal, onEvent: emit });
    const files = projectFiles({
      projectDir: project.dir,
      urls: target.downloads,
      mayReplace: replaceableFiles(project.lock, parseOverwrite(options.overwrite)),
      maxBytes: maxDownloadBytes(octx.env),
      dispatcher: agent,
      onRetry: (r) => log(octx, 'info', `retrying download ${r.url} in ${r.delayMs} ms: ${r.error.message}`),
      onMedia: (sha, info) => media.learn(sha, info),
    });
    const result = await applyPlan(plan, project.manifest, journal, {
      api,
      files,
      collection: collection.id,
      concurrency: options.concurrency ?? 4,
      wait: options.wait ?? true,
      ...(octx.signal ? { signal: octx.signal } : {}),
      hooks: { onEvent: emit },
      memory,
      ...(options.adopt ? { adopt: options.adopt } : {}),
    });
    await memory.flush();
    for (const f of pre.failed) emit({ type: 'failed', ...f });
    for (const s of pre.skipped) emit({ type: 'skipped', ...s });
    result.errors.push(...uploads.errors, ...references.errors);
    result.failed.unshift(...pre.failed);
    result.skipped.unshift(...pre.skipped);
    await writeAllOutputs(project.dir, project.manifest, journal.lock, await media.settled());
    return report(project, plan, result, plan.summary.credits);
  } finally {
    await api.close();
    await agent.close();
    if (!options.target) await target.close();
  }
}

/** Steps whose work is all on this machine (CDN downloads, moves, derived variants): no API request, so no key needed. */
const LOCAL_ACTIONS = new Set(['restore', 'relocate', 'derive']);

function localOnly(plan: Plan, work: PlanStep[]): boolean {
  return work.every((s) => LOCAL_ACTIONS.has(s.action) && !s.rename) && collectionChanges(plan) === 0 && !(plan.uploads ?? []).some((u) => u.action === 'upload');
}

/** Runs `fn` with the download policy of this run (an embedded emulator serves its own CDN). */
export async function withDownloads<T>(octx: OperationContext, project: Project, emulator: boolean, fn: (downloads: DownloadPolicy) => Promise<T>): Promise<T> {
  if (!emulator) return fn(downloadPolicyFor(octx, false));
  const target = await resolveApi(octx, { emulator, projectDir: project.dir });
  try {
    return await fn(target.downloads);
  } finally {
    await target.close();
  }
}

/** The documented exit code of an applier result: 130 interrupted, 1 a run error, 3 some failed, 0. */
export function syncExitCode(result: ApplyResult): number {
  return result.interrupted ? ExitCode.interrupted : result.errors.length > 0 ? ExitCode.failure : result.failed.length > 0 ? ExitCode.partial : ExitCode.ok;
}

function report(project: Project, plan: Plan, result: ApplyResult, estimate: number): SyncReport {
  return { displayName: project.displayName, plan, result, estimate, exitCode: syncExitCode(result) };
}

/** Removes gated steps and their dependants from the plan, reporting them as failed and skipped. */
function withoutGated(plan: Plan, gated: Array<{ step: { id: string }; message: string }>): { plan: Plan; pre: ApplyResult } {
  const pre = emptyResult();
  const drop = new Set(gated.map((g) => g.step.id));
  for (const g of gated) pre.failed.push({ id: g.step.id, code: 'forbidden', message: g.message });
  let grew = true;
  while (grew) {
    grew = false;
    for (const s of plan.waves.flat()) {
      const root = s.depends_on.find((d) => drop.has(d));
      if (root && !drop.has(s.id)) {
        drop.add(s.id);
        pre.skipped.push({ id: s.id, cause: root });
        grew = true;
      }
    }
  }
  const waves = plan.waves.map((w) => w.filter((s) => !drop.has(s.id))).filter((w) => w.length > 0);
  return { plan: { ...plan, waves, summary: summarize(waves) }, pre };
}

function emptyResult(): ApplyResult {
  return { completed: [], failed: [], skipped: [], pending: [], creditsSpent: 0, fixed: 0, interrupted: false, errors: [] };
}
