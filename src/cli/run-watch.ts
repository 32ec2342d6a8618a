/** `masko-sync watch`: holds the run lock, serves the gallery, and re-runs plan + apply on each save of the manifest. */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { LockJournal } from '../apply/journal.js';
import type { ApplyEvent } from '../apply/types.js';
import { LiveGallery } from '../gallery/live.js';
import { startGalleryServer } from '../gallery/server.js';
import { emptyLock, readLock, writeLock } from '../lockfile/index.js';
import { buildPlan } from '../plan/index.js';
import { fetchPreview, splitPreviews, type PreviewTarget } from '../watch/previews.js';
import { maxDownloadBytes } from '../outputs/project-files.js';
import { previewTools } from '../watch/preview-client.js';
import { createRunScheduler, type Timers } from '../watch/scheduler.js';
import { ChangeNotifier } from '../watch/quiet.js';
import { watchFile } from '../watch/watch-file.js';
import { downloadPolicyFor, resolveApi, type ApiTarget } from './api-config.js';
import { checkLockUrls } from './check-lock-urls.js';
import { refuseConflicts } from './check-conflicts.js';
import { CliError, type CliContext } from './context.js';
import { ensureCollection } from './ensure-collection.js';
import { ExitCode } from './exit-codes.js';
import { checkBudget } from './money.js';
import { plural, useColor } from './output.js';
import { localFiles, loadProject, type Project } from './project.js';
import { renderPlan } from './render-plan.js';
import { createReporter } from './reporter.js';
import { redact } from './redact.js';
import { acquireRunLock } from './run-lock.js';
import { applyOnce } from './run-sync.js';

export interface WatchFlags {
  file?: string;
  /** Gallery port; 0 picks a free one. */
  port: number;
  preview: boolean;
  /** Per-change budget: a change estimated above it needs a yes on a terminal, and is skipped elsewhere. */
  maxCredits: number;
  emulator: boolean;
  json: boolean;
  /** Paid submissions wait until the manifest has not changed for this long (ms); a save during the wait cancels them. */
  quietMs?: number;
}

/** Default per-change budget in credits. */
export const WATCH_DEFAULT_MAX_CREDITS = 25;

/** Default quiet period before a paid submission: longer than the gap between saves of one edit. */
export const WATCH_DEFAULT_QUIET_MS = 1500;

export interface WatchOptions {
  /** Asks a yes/no question; by default stdin is read when it is a terminal, otherwise nothing is asked. */
  confirm?: (question: string) => Promise<boolean>;
  /** Quiet period after a change before a run starts (ms). */
  debounceMs?: number;
  /** How long the file must see no event before a save counts (ms). */
  settleMs?: number;
  timers?: Timers;
  /** Called once the gallery serves and the manifest is watched. */
  onReady?: (info: { url: string }) => void;
  /** Called after each run (tests and benchmarks). */
  onRunEnd?: (info: { outcome: string }) => void;
}

/** Runs a watch session until ctx.signal aborts; resolves to 0, or 130 when a run was interrupted. */
export async function runWatch(ctx: CliContext, flags: WatchFlags, options: WatchOptions = {}): Promise<number> {
  const manifestPath = path.resolve(ctx.cwd, flags.file ?? 'masko.yaml');
  const dir = path.dirname(manifestPath);
  const runLock = await acquireRunLock(dir, 'watch');
  const cleanups: Array<() => Promise<void>> = [() => runLock.release()];
  let interrupted = false;
  try {
    if (runLock.tookOverFrom) ctx.stderr(`note: took over a stale run lock of pid ${runLock.tookOverFrom.pid} (no longer running)\n`);
    const gallery = new LiveGallery();
    const server = await startGalleryServer(gallery, { projectDir: dir, port: flags.port });
    cleanups.unshift(() => server.close());
    let target: Promise<ApiTarget> | undefined;
    cleanups.unshift(async () => void (await (await target?.catch(() => undefined))?.close()));
    const saves = new ChangeNotifier();
    const session: ChangeSession = {
      ctx,
      flags,
      gallery,
      saves,
      manifestPath,
      confirm: options.confirm ?? defaultConfirm(ctx),
      target: () => (target ??= resolveApi(ctx, { emulator: flags.emulator, projectDir: dir }).catch((err: unknown) => {
        target = undefined;
        throw err;
      })),
    };
    const scheduler = createRunScheduler(
      async () => {
        const outcome = await runChange(session);
        if (outcome === 'interrupted') interrupted = true;
        options.onRunEnd?.({ outcome });
      },
      { debounceMs: options.debounceMs ?? 40, timers: options.timers, onError: (err) => ctx.stderr(`error: ${(err as Error).message}\n`) },
    );
    cleanups.unshift(() => scheduler.close());
    const watcher = watchFile(manifestPath, () => {
      saves.changed();
      scheduler.trigger();
    }, { settleMs: options.settleMs ?? 60, onError: (err) => ctx.stderr(`watch error: ${(err as Error).message}\n`) });
    cleanups.unshift(() => watcher.close());
    await watcher.ready;
    ctx.stderr(`Gallery: ${server.url}\n`);
    if (flags.json) ctx.stdout(JSON.stringify({ event: 'gallery', url: server.url }) + '\n');
    ctx.stderr(`Watching ${flags.file ?? 'masko.yaml'} (budget ${plural(flags.maxCredits, 'credit')} per change${flags.preview ? ', free previews for image prompts' : ''}). Ctrl-C to stop.\n`);
    options.onReady?.({ url: server.url });
    scheduler.trigger();
    await new Promise<void>((resolve) => {
      if (ctx.signal.aborted) return resolve();
      ctx.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    ctx.stderr('Stopping watch: finishing the run in flight, releasing the project lock.\n');
  } finally {
    for (const c of cleanups) await c().catch((err: unknown) => ctx.stderr(`warning: ${(err as Error).message}\n`));
  }
  return interrupted ? ExitCode.interrupted : ExitCode.ok;
}

/** y/N on stdin when both stdin and stderr are terminals; elsewhere there is nobody to ask. */
function defaultConfirm(ctx: CliContext): ((q: string) => Promise<boolean>) | undefined {
  if (!ctx.isTTY || !process.stdin.isTTY) return undefined;
  return async (question) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      const answer = await rl.question(question, { signal: ctx.signal });
      return /^y(es)?$/i.test(answer.trim());
    } catch {
      return false;
    } finally {
      rl.close();
    }
  };
}

/** What every run of a session shares. */
interface ChangeSession {
  ctx: CliContext;
  flags: WatchFlags;
  gallery: LiveGallery;
  confirm: ((question: string) => Promise<boolean>) | undefined;
  /** The API target, resolved on first use and kept for the session (one embedded emulator, one key check). */
  target: () => Promise<ApiTarget>;
  /** Saves of the manifest, counted (a paid run waits for them to stop). */
  saves: ChangeNotifier;
  manifestPath: string;
}

/** How one run ended. */
export type RunOutcome = 'invalid' | 'nothing' | 'skipped' | 'superseded' | 'applied' | 'failed' | 'interrupted' | 'error';

/** One run: load and validate, show the plan, previews, the budget gate, then apply. Never throws for expected failures. */
async function runChange(s: ChangeSession): Promise<RunOutcome> {
  const { ctx, flags, gallery } = s;
  const say = (line: string, json?: Record<string, unknown>) => {
    ctx.stderr(line + '\n');
    if (flags.json && json) ctx.stdout(JSON.stringify(json) + '\n');
  };
  ctx.stderr(`\n[${new Date().toTimeString().slice(0, 8)}] ${flags.file ?? 'masko.yaml'}\n`);
  // What this run plans from: a save after this point supersedes it before anything is paid.
  const savesAtStart = s.saves.changes;
  const contentAtStart = await contentHash(s.manifestPath);
  let project: Project;
  try {
    project = await loadProject(ctx, flags.file);
  } catch (err) {
    if (!(err instanceof CliError)) throw err;
    say(`${err.message}\nStill watching; nothing was spent. Save the file again once it is fixed.`, { event: 'invalid', message: err.message });
    gallery.setStatus('manifest invalid: fix it and save', 'error');
    return 'invalid';
  }
  try {
    gallery.setProject(project.manifest, project.lock);
    checkLockUrls(project, downloadPolicyFor(ctx, flags.emulator));
    let plan = buildPlan(project.manifest, project.graph, project.lock, { files: await localFiles(project) });
    if (flags.json) ctx.stdout(JSON.stringify({ event: 'plan', ...plan }) + '\n');
    else ctx.stderr(renderPlan(plan, { color: useColor(ctx, 'stderr') }));
    if (flags.preview) {
      const split = splitPreviews(plan, project.manifest);
      if (split.previews.length > 0) {
        plan = split.plan;
        await showPreviews(s, project, split.previews);
        if (split.held.length > 0) say(`held back until a real sync (they need the new image): ${split.held.join(', ')}`, { event: 'held', ids: split.held });
      }
    }
    const work = plan.waves.flat().filter((st) => st.action !== 'unchanged' && st.action !== 'orphan');
    if (work.length === 0) {
      gallery.setStatus('watching · up to date', 'idle');
      return 'nothing';
    }
    // Files in the way: nothing is asked or spent until they are moved (the plan above lists them).
    refuseConflicts(plan);
    const credits = plan.summary.credits;
    if (credits > flags.maxCredits) {
      const why = `this change would spend an estimated ${plural(credits, 'credit')}, over the watch budget of ${flags.maxCredits} per change`;
      const yes = s.confirm ? await s.confirm(`${why}. Apply it? [y/N] `) : false;
      if (!yes) {
        say(`skipped: ${why}. Nothing was submitted.${s.confirm ? '' : ' Run `masko-sync` to apply it, or raise --max-credits.'}`, { event: 'over_budget', credits, limit: flags.maxCredits });
        gallery.setStatus(`skipped: ${credits} credits is over the watch budget`, 'error');
        return 'skipped';
      }
    }
    checkBudget(plan, project.manifest, undefined);
    if (credits > 0 && !(await quietBeforePaying(s, savesAtStart, contentAtStart, credits))) {
      if (ctx.signal.aborted) return 'interrupted';
      say('a newer save arrived: this plan is dropped before anything was spent; planning the newest version', { event: 'superseded' });
      gallery.setStatus('a newer save arrived · planning it', 'busy');
      return 'superseded';
    }
    gallery.markApplying(work);
    gallery.setStatus(`applying · ${credits} credits estimated`, 'busy');
    const reporter = createReporter(ctx, { json: flags.json, total: work.length });
    const syncFlags = { file: flags.file, json: flags.json, concurrency: 4, frozen: false, wait: true, emulator: flags.emulator };
    const code = await applyOnce(ctx, project, plan, syncFlags, reporter, { target: await s.target(), onEvent: (e, lock) => gallery.applyEvent(redactEvent(e), lock) });
    gallery.setProject(project.manifest, await readLock(project.lockPath).catch(() => project.lock));
    const outcome: RunOutcome = code === ExitCode.interrupted ? 'interrupted' : code === ExitCode.ok ? 'applied' : 'failed';
    gallery.setStatus(outcome === 'applied' ? 'watching · up to date' : `watching · last run ${outcome}`, outcome === 'applied' ? 'idle' : 'error');
    return outcome;
  } catch (err) {
    if (ctx.signal.aborted) return 'interrupted';
    say(`error: ${(err as Error).message}\nStill watching.`, { event: 'error', message: (err as Error).message });
    gallery.setStatus(redact(`error: ${(err as Error).message}`), 'error');
    return 'error';
  }
}

/**
 * Waits until the manifest has stayed unchanged for the quiet period; false when a save came in
 * (or its content moved on, should an event have been missed) or the session is stopping.
 */
async function quietBeforePaying(s: ChangeSession, savesAtStart: number, contentAtStart: string, credits: number): Promise<boolean> {
  const ms = s.flags.quietMs ?? WATCH_DEFAULT_QUIET_MS;
  if (ms <= 0) return true;
  s.ctx.stderr(`waiting ${(ms / 1000).toFixed(1)} s for ${s.flags.file ?? 'masko.yaml'} to stay unchanged before spending ${credits} credit(s); a save cancels this\n`);
  s.gallery.setStatus(`waiting for edits to settle · ${credits} credits`, 'busy');
  const outcome = await s.saves.waitQuiet(ms, savesAtStart, s.ctx.signal);
  return outcome === 'quiet' && (await contentHash(s.manifestPath)) === contentAtStart;
}

/** SHA-256 of the manifest's bytes ("missing" when it is gone). */
async function contentHash(file: string): Promise<string> {
  return readFile(file).then((b) => createHash('sha256').update(b).digest('hex'), () => 'missing');
}

/** An apply event with any server text in it redacted, for the gallery (the CLI's own writers redact the rest). */
function redactEvent(e: ApplyEvent): ApplyEvent {
  return 'message' in e ? { ...e, message: redact(e.message) } : e;
}

/** Free previews of changed image prompts, shown in the gallery; a failure is reported and the watch goes on. */
async function showPreviews(s: ChangeSession, project: Project, targets: PreviewTarget[]): Promise<void> {
  const { ctx, gallery } = s;
  const tools = previewTools(await s.target(), project.dir, maxDownloadBytes(ctx.env));
  try {
    const spec = project.manifest.collection;
    let collection = spec.kind === 'id' ? spec.id : project.lock?.collection;
    if (!collection) {
      // Previews need a collection; creating one is free, and a later sync uses the same one.
      const journal = new LockJournal(project.lock ?? emptyLock(), (l) => writeLock(project.lockPath, l));
      collection = (await ensureCollection(project.manifest, journal, tools.api, ctx.signal)).id;
      project.lock = journal.lock;
      ctx.stderr(`created collection ${collection} (free) for previews\n`);
    }
    await Promise.all(
      targets.map(async (t) => {
        try {
          const got = await fetchPreview(tools.api, tools.files, collection, t, ctx.signal);
          gallery.showPreview(t.id, { prompt: t.prompt, path: got.path, sha256: got.sha256 });
          ctx.stderr(`◇ ${t.id}: free preview saved to ${got.path}\n`);
          if (s.flags.json) ctx.stdout(JSON.stringify({ event: 'preview', id: t.id, path: got.path }) + '\n');
        } catch (err) {
          ctx.stderr(`✗ ${t.id}: preview failed: ${(err as Error).message}\n`);
        }
      }),
    );
  } finally {
    await tools.close();
  }
}
