/** `masko-sync [sync]`: plan, check the money, apply, write outputs, summarise, exit with the table's code. */
import { MaskoClient } from '../api/client.js';
import { createDispatcher } from '../api/dispatcher.js';
import { RequestBudget, type RateWindow } from '../api/request-budget.js';
import { applyPlan } from '../apply/apply-plan.js';
import { LockJournal } from '../apply/journal.js';
import type { ApplyEvent, ApplyResult } from '../apply/types.js';
import { writeGallery } from '../gallery/write-gallery.js';
import { emptyLock, writeLock } from '../lockfile/index.js';
import type { Lockfile } from '../model/lock.js';
import type { Manifest } from '../model/manifest.js';
import type { Plan } from '../model/plan.js';
import { maxDownloadBytes, projectFiles } from '../outputs/project-files.js';
import { writeOutputs } from '../outputs/write-outputs.js';
import { buildPlan, summarize } from '../plan/index.js';
import { selectOnly } from '../plan/select-only.js';
import type { DownloadPolicy } from '../outputs/url-policy.js';
import { downloadPolicyFor, resolveApi, type ApiTarget } from './api-config.js';
import { checkLockUrls } from './check-lock-urls.js';
import { parseOverwrite, refuseConflicts, refuseUnwritable } from './check-conflicts.js';
import { replaceableFiles } from '../outputs/ownership.js';
import { CliError, type CliContext } from './context.js';
import { ensureCollection } from './ensure-collection.js';
import { ExitCode } from './exit-codes.js';
import { checkBalance, checkBudget, gatedSteps } from './money.js';
import { plural } from './output.js';
import { localFiles, loadProject, type Project } from './project.js';
import { createReporter, type Reporter } from './reporter.js';
import { runFrozen } from './run-frozen.js';
import { loadWireMemory } from './wire-memory.js';

export interface SyncFlags {
  file?: string;
  json: boolean;
  only?: string[];
  concurrency: number;
  maxCredits?: number;
  frozen: boolean;
  wait: boolean;
  emulator: boolean;
  /** `--adopt id=job`: jobs a person picked for submissions whose match was ambiguous. */
  adopt?: Record<string, string>;
  /** `--rate-limit`: limits to keep to on top of what the server says. */
  rateLimit?: RateWindow[];
  /** `--overwrite <paths|all>`: files in the way adopted on purpose. */
  overwrite?: string[];
}

const FREE_ONLY = new Set(['unchanged', 'orphan']);

/** Runs a sync and returns its exit code. */
export async function runSync(ctx: CliContext, flags: SyncFlags): Promise<number> {
  // The run lock is taken before masko.lock is read: the lock this run plans from is no other run's work in progress.
  const project = await loadProject(ctx, flags.file, { runLock: flags.frozen ? 'sync --frozen' : 'sync' });
  const runLock = project.runLock!;
  try {
    if (runLock.tookOverFrom) ctx.stderr(`note: took over a stale run lock of pid ${runLock.tookOverFrom.pid} (no longer running)\n`);
    checkLockUrls(project, downloadPolicyFor(ctx, flags.emulator));
    const overwrite = parseOverwrite(flags.overwrite);
    let plan = buildPlan(project.manifest, project.graph, project.lock, { files: await localFiles(project), ...(overwrite ? { overwrite } : {}) });
    if (flags.only?.length) {
      const selected = selectOnly(plan, flags.only);
      if (selected.unknown.length) throw new CliError(`--only names unknown asset(s): ${selected.unknown.join(', ')}`, ExitCode.invalid);
      plan = selected.plan;
    }
    // Files in the way are found from the plan and the disk alone: refused before the budget, the balance or any request.
    if (!flags.frozen) refuseConflicts(plan);
    if (!flags.frozen) await refuseUnwritable(project.dir, project.manifest, plan);
    if (flags.frozen) return await withDownloadTarget(ctx, project, flags.emulator, (downloads) => runFrozen(ctx, project, plan, { ...flags, downloads }));
    const work = plan.waves.flat().filter((s) => !FREE_ONLY.has(s.action));
    const reporter = createReporter(ctx, { json: flags.json, total: work.length });
    reporter.log(planLine(plan));
    if (work.length > 0) checkBudget(plan, project.manifest, flags.maxCredits);
    return await applyOnce(ctx, project, plan, flags, reporter);
  } finally {
    await runLock.release();
  }
}

/** What a caller with its own session (watch) passes to applyOnce. */
export interface ApplyOnceOptions {
  /** An API target to use and leave open (watch keeps one per session); without it one is resolved and closed. */
  target?: ApiTarget;
  /** Called after the reporter with each apply event and the journal's lock as it stands then. */
  onEvent?: (event: ApplyEvent, lock: Lockfile) => void;
}

/**
 * Applies a plan whose budget was checked: free-only plans just rewrite the outputs; otherwise the
 * balance is checked and the plan applied. Prints the summary and returns the exit code. Takes no run
 * lock: the caller holds it.
 */
export async function applyOnce(ctx: CliContext, project: Project, plan: Plan, flags: SyncFlags, reporter: Reporter, options: ApplyOnceOptions = {}): Promise<number> {
  const work = plan.waves.flat().filter((s) => !FREE_ONLY.has(s.action));
  if (work.length === 0) {
    if (project.lock) await writeAllOutputs(project.dir, project.manifest, project.lock);
    return finish(ctx, reporter, flags, emptyResult(), 0);
  }
  return applyWithApi(ctx, project, plan, flags, reporter, options);
}

/** The asset index, the TS module, and the contact sheet when `output.gallery` is on. */
async function writeAllOutputs(projectDir: string, manifest: Manifest, lock: Lockfile): Promise<void> {
  await writeOutputs(projectDir, manifest, lock);
  if (manifest.output.gallery) await writeGallery(projectDir, manifest, lock);
}

async function applyWithApi(ctx: CliContext, project: Project, plan: Plan, flags: SyncFlags, reporter: Reporter, options: ApplyOnceOptions): Promise<number> {
  const target = options.target ?? (await resolveApi(ctx, { emulator: flags.emulator, projectDir: project.dir }));
  const agent = createDispatcher(ctx.env, { keepAliveTimeout: 10_000, connections: 128, direct: target.embedded });
  // One budget for every request of the run. The user's --rate-limit replaces the documented limits,
  // which are otherwise assumed until the server's headers say more (the in-process emulator has none).
  const budget = new RequestBudget({ windows: flags.rateLimit ?? [], ...(flags.rateLimit || target.embedded ? { assumed: [] } : {}) });
  const api = new MaskoClient({
    baseUrl: target.url,
    apiKey: target.key,
    dispatcher: agent,
    budget,
    userAgent: 'masko-sync',
    onRetry: (r) => reporter.log(`retrying ${r.method} ${r.path} in ${r.delayMs} ms (attempt ${r.attempt + 1}): ${r.error.message}`),
  });
  try {
    let pre: ApplyResult = emptyResult();
    if (plan.summary.credits > 0) {
      const credits = await api.credits(ctx.signal);
      const gated = gatedSteps(plan, credits);
      if (gated.length) ({ plan, pre } = withoutGated(plan, gated));
      if (credits.balance === undefined) reporter.log('note: the API reports no balance; going on with the budget checks only (--max-credits, budget)');
      checkBalance(plan, credits);
    }
    const memory = await loadWireMemory(project.dir, target.url);
    const journal = new LockJournal(project.lock ?? emptyLock(), (l) => writeLock(project.lockPath, l));
    const emit = (e: ApplyEvent) => {
      reporter.event(e);
      options.onEvent?.(e, journal.lock);
    };
    const collection = await ensureCollection(project.manifest, journal, api, ctx.signal);
    if (collection.created) reporter.log(`created collection ${collection.id}`);
    const files = projectFiles({
      projectDir: project.dir,
      urls: target.downloads,
      mayReplace: replaceableFiles(project.lock, parseOverwrite(flags.overwrite)),
      maxBytes: maxDownloadBytes(ctx.env),
      dispatcher: agent,
      onRetry: (r) => reporter.log(`retrying download ${r.url} in ${r.delayMs} ms: ${r.error.message}`),
    });
    const result = await applyPlan(plan, project.manifest, journal, {
      api,
      files,
      collection: collection.id,
      concurrency: flags.concurrency,
      wait: flags.wait,
      signal: ctx.signal,
      hooks: { onEvent: (e) => emit(e) },
      memory,
      ...(flags.adopt ? { adopt: flags.adopt } : {}),
    });
    await memory.flush();
    for (const f of pre.failed) emit({ type: 'failed', ...f });
    for (const s of pre.skipped) emit({ type: 'skipped', ...s });
    result.failed.unshift(...pre.failed);
    result.skipped.unshift(...pre.skipped);
    await writeAllOutputs(project.dir, project.manifest, journal.lock);
    return finish(ctx, reporter, flags, result, plan.summary.credits);
  } finally {
    await api.close();
    await agent.close();
    if (!options.target) await target.close();
  }
}

/** Runs `fn` with the download policy of this run (an embedded emulator serves its own CDN). */
export async function withDownloadTarget<T>(ctx: CliContext, project: Project, emulator: boolean, fn: (downloads: DownloadPolicy) => Promise<T>): Promise<T> {
  if (!emulator) return fn(downloadPolicyFor(ctx, false));
  const target = await resolveApi(ctx, { emulator, projectDir: project.dir });
  try {
    return await fn(target.downloads);
  } finally {
    await target.close();
  }
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

function finish(ctx: CliContext, reporter: Reporter, flags: SyncFlags, result: ApplyResult, estimate: number): number {
  reporter.close();
  const code = result.interrupted ? ExitCode.interrupted : result.errors.length > 0 ? ExitCode.failure : result.failed.length > 0 ? ExitCode.partial : ExitCode.ok;
  const summary = {
    completed: result.completed.length,
    failed: result.failed,
    skipped: result.skipped,
    pending: result.pending,
    fixed: result.fixed,
    credits_spent: result.creditsSpent,
    credits_estimated: estimate,
    interrupted: result.interrupted,
    errors: result.errors,
    exit_code: code,
  };
  if (flags.json) {
    ctx.stdout(JSON.stringify({ event: 'summary', ...summary }) + '\n');
    return code;
  }
  const parts = [`${result.completed.length} completed`];
  if (result.fixed) parts.push(`${result.fixed} fixed for free`);
  if (result.pending.length) parts.push(`${result.pending.length} pending (run again to collect)`);
  if (result.failed.length) parts.push(`${result.failed.length} failed`);
  if (result.skipped.length) parts.push(`${result.skipped.length} skipped`);
  const nothing = parts.length === 1 && result.completed.length === 0 && !result.interrupted && result.errors.length === 0;
  ctx.stderr(nothing ? 'Up to date: nothing to do; 0 credits spent.\n' : `${parts.join(', ')}; ${plural(result.creditsSpent, 'credit')} spent.\n`);
  if (result.failed.length) {
    ctx.stderr('Failures:\n');
    for (const f of result.failed) ctx.stderr(`  ${f.id}: ${f.message} [${f.code}]\n`);
    for (const s of result.skipped) ctx.stderr(`  ${s.id}: skipped (${s.cause.includes(' ') ? s.cause : `upstream ${s.cause} failed`})\n`);
  }
  for (const e of result.errors) ctx.stderr(`error: ${e}\n`);
  if (result.interrupted) ctx.stderr('Interrupted: masko.lock records every accepted job; run again to resume without paying twice.\n');
  return code;
}

function planLine(plan: Plan): string {
  const s = plan.summary;
  const parts = (['create', 'regenerate', 'resume', 'rename', 'restore', 'relocate', 'unchanged', 'orphan'] as const)
    .filter((a) => s[a] > 0)
    .map((a) => `${s[a]} ${a === 'unchanged' || a === 'orphan' ? a : `to ${a}`}`);
  return `Plan: ${parts.join(', ') || 'nothing'}; estimated ${plural(s.credits, 'credit')}`;
}


function emptyResult(): ApplyResult {
  return { completed: [], failed: [], skipped: [], pending: [], creditsSpent: 0, fixed: 0, interrupted: false, errors: [] };
}

