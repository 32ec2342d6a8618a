/**
 * A watch session as a library function: holds the run lock, serves the live gallery, and re-plans
 * and applies on each save of the manifest (settled, debounced, one run at a time, saves during a
 * run coalesced; paid work waits for the manifest to stay unchanged). It reports every step as an
 * event; the CLI, `--json` and the gallery are listeners.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LockJournal } from '../apply/journal.js';
import { LiveGallery } from '../gallery/live.js';
import { startGalleryServer } from '../gallery/server.js';
import { emptyLock, lockWriter, readLock } from '../lockfile/index.js';
import type { Lockfile } from '../model/lock.js';
import type { Plan, PlanStep } from '../model/plan.js';
import { maxDownloadBytes } from '../outputs/project-files.js';
import { buildPlan } from '../plan/index.js';
import { fetchPreview, splitPreviews, type PreviewTarget } from '../watch/previews.js';
import { previewTools } from '../watch/preview-client.js';
import { ChangeNotifier } from '../watch/quiet.js';
import { createRunScheduler, type Timers } from '../watch/scheduler.js';
import { watchFile } from '../watch/watch-file.js';
import { downloadPolicyFor, resolveApi, type ApiTarget } from './api-target.js';
import { refuseConflicts } from './check-conflicts.js';
import { checkLockUrls } from './check-lock-urls.js';
import { log, type OperationContext } from './context.js';
import { ensureCollection } from './ensure-collection.js';
import { OperationError } from './errors.js';
import { ExitCode } from './exit-codes.js';
import { checkBudget } from './money.js';
import { localFiles, loadProject, type Project } from './project.js';
import { acquireRunLock } from './run-lock.js';
import type { ApplyEvent } from '../apply/types.js';
import { applyPlanned, type SyncReport } from './sync.js';
import { galleryListener } from './watch-gallery.js';
import { plural } from './words.js';

/** Default per-change budget in credits. */
export const WATCH_DEFAULT_MAX_CREDITS = 25;
/** Default quiet period before a paid submission: longer than the gap between saves of one edit. */
export const WATCH_DEFAULT_QUIET_MS = 1500;

/** How one run of a session ended. */
export type RunOutcome = 'invalid' | 'nothing' | 'skipped' | 'superseded' | 'applied' | 'failed' | 'interrupted' | 'error';

/** What a watch session reports. */
export type WatchEvent =
  | { type: 'ready'; url: string; file: string }
  | { type: 'change'; file: string }
  | { type: 'invalid'; message: string; error: OperationError }
  | { type: 'plan'; plan: Plan }
  | { type: 'held'; ids: string[] }
  | { type: 'preview'; id: string; path: string; prompt: string; sha256: string }
  | { type: 'preview_failed'; id: string; message: string }
  | { type: 'collection_created'; id: string }
  | { type: 'over_budget'; credits: number; limit: number; asked: boolean }
  | { type: 'waiting'; ms: number; credits: number }
  | { type: 'superseded' }
  | { type: 'applying'; work: PlanStep[]; credits: number }
  | { type: 'apply'; event: ApplyEvent; lock: Lockfile }
  | { type: 'applied'; report: SyncReport; project: Project }
  | { type: 'project'; project: Project }
  | { type: 'error'; message: string }
  | { type: 'run_end'; outcome: RunOutcome }
  | { type: 'stopping' };

export interface WatchOptions {
  file?: string;
  /** Gallery port; 0 picks a free one. */
  port?: number;
  /** Changed image prompts get a free preview instead of a paid generation. */
  preview?: boolean;
  /** Per-change budget: a change estimated above it needs a yes from `confirm`, and is skipped without it. */
  maxCredits?: number;
  emulator?: boolean;
  /** Paid submissions wait until the manifest has not changed for this long (ms); a save cancels them. */
  quietMs?: number;
  /** Asks a yes/no question (a terminal); absent: nobody to ask, over-budget changes are skipped. */
  confirm?: (question: string) => Promise<boolean>;
  /** Quiet period after a change before a run starts (ms). */
  debounceMs?: number;
  /** How long the file must see no event before a save counts (ms). */
  settleMs?: number;
  timers?: Timers;
  onEvent?: (event: WatchEvent) => void;
}

/** Runs a watch session until the signal aborts; resolves to 0, or 130 when a run was interrupted. */
export async function watch(octx: OperationContext, options: WatchOptions = {}): Promise<number> {
  const file = options.file ?? 'masko.yaml';
  const manifestPath = path.resolve(octx.cwd, file);
  const dir = path.dirname(manifestPath);
  const runLock = await acquireRunLock(dir, 'watch');
  const cleanups: Array<() => Promise<void>> = [() => runLock.release()];
  let interrupted = false;
  const gallery = new LiveGallery();
  const listeners = [galleryListener(gallery), options.onEvent ?? (() => undefined)];
  const emit = (e: WatchEvent) => listeners.forEach((l) => l(e));
  try {
    if (runLock.tookOverFrom) log(octx, 'info', `note: took over a stale run lock of pid ${runLock.tookOverFrom.pid} (no longer running)`);
    const server = await startGalleryServer(gallery, { projectDir: dir, port: options.port ?? 0 });
    cleanups.unshift(() => server.close());
    let target: Promise<ApiTarget> | undefined;
    cleanups.unshift(async () => void (await (await target?.catch(() => undefined))?.close()));
    const saves = new ChangeNotifier();
    const session: Session = {
      octx,
      options,
      file,
      emit,
      saves,
      manifestPath,
      target: () => (target ??= resolveApi(octx, { emulator: options.emulator ?? false, projectDir: dir }).catch((err: unknown) => {
        target = undefined;
        throw err;
      })),
    };
    const scheduler = createRunScheduler(
      async () => {
        const outcome = await runChange(session);
        if (outcome === 'interrupted') interrupted = true;
        emit({ type: 'run_end', outcome });
      },
      { debounceMs: options.debounceMs ?? 40, ...(options.timers ? { timers: options.timers } : {}), onError: (err) => log(octx, 'warn', `error: ${(err as Error).message}`) },
    );
    cleanups.unshift(() => scheduler.close());
    const watcher = watchFile(manifestPath, () => {
      saves.changed();
      scheduler.trigger();
    }, { settleMs: options.settleMs ?? 60, onError: (err) => log(octx, 'warn', `watch error: ${(err as Error).message}`) });
    cleanups.unshift(() => watcher.close());
    await watcher.ready;
    emit({ type: 'ready', url: server.url, file });
    scheduler.trigger();
    await new Promise<void>((resolve) => {
      if (!octx.signal || octx.signal.aborted) return resolve();
      octx.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    emit({ type: 'stopping' });
  } finally {
    for (const c of cleanups) await c().catch((err: unknown) => log(octx, 'warn', `warning: ${(err as Error).message}`));
  }
  return interrupted ? ExitCode.interrupted : ExitCode.ok;
}

/** What every run of a session shares. */
interface Session {
  octx: OperationContext;
  options: WatchOptions;
  file: string;
  emit: (e: WatchEvent) => void;
  /** The API target, resolved on first use and kept for the session (one embedded emulator, one key check). */
  target: () => Promise<ApiTarget>;
  /** Saves of the manifest, counted (a paid run waits for them to stop). */
  saves: ChangeNotifier;
  manifestPath: string;
}

/** One run: load and validate, the plan, previews, the budget gate, then apply. Never throws for expected failures. */
async function runChange(s: Session): Promise<RunOutcome> {
  const { octx, options, emit } = s;
  const aborted = () => octx.signal?.aborted === true;
  emit({ type: 'change', file: s.file });
  // What this run plans from: a save after this point supersedes it before anything is paid.
  const savesAtStart = s.saves.changes;
  const contentAtStart = await contentHash(s.manifestPath);
  let project: Project;
  try {
    project = await loadProject(octx, s.file);
  } catch (err) {
    if (!(err instanceof OperationError)) throw err;
    emit({ type: 'invalid', message: err.message, error: err });
    return 'invalid';
  }
  try {
    emit({ type: 'project', project });
    checkLockUrls(project, downloadPolicyFor(octx, options.emulator ?? false));
    let plan = buildPlan(project.manifest, project.graph, project.lock, { files: await localFiles(project) });
    emit({ type: 'plan', plan });
    if (options.preview) {
      const split = splitPreviews(plan, project.manifest);
      if (split.previews.length > 0) {
        plan = split.plan;
        await showPreviews(s, project, split.previews);
        if (split.held.length > 0) emit({ type: 'held', ids: split.held });
      }
    }
    const work = plan.waves.flat().filter((st) => st.action !== 'unchanged' && st.action !== 'orphan');
    if (work.length === 0) return 'nothing';
    // Files in the way: nothing is asked or spent until they are moved (the plan above lists them).
    refuseConflicts(plan);
    const credits = plan.summary.credits;
    const limit = options.maxCredits ?? WATCH_DEFAULT_MAX_CREDITS;
    if (credits > limit) {
      const question = `this change would spend an estimated ${plural(credits, 'credit')}, over the watch budget of ${limit} per change. Apply it? [y/N] `;
      const yes = options.confirm ? await options.confirm(question) : false;
      if (!yes) {
        emit({ type: 'over_budget', credits, limit, asked: options.confirm !== undefined });
        return 'skipped';
      }
    }
    checkBudget(plan, project.manifest, undefined);
    if (credits > 0 && !(await quietBeforePaying(s, savesAtStart, contentAtStart, credits))) {
      if (aborted()) return 'interrupted';
      emit({ type: 'superseded' });
      return 'superseded';
    }
    emit({ type: 'applying', work, credits });
    const report = await applyPlanned(octx, project, plan, {
      ...(options.emulator !== undefined ? { emulator: options.emulator } : {}),
      target: await s.target(),
      // Each apply event comes with the journal's lock as it stands (the gallery shows it).
      onLockEvent: (event, lock) => emit({ type: 'apply', event, lock }),
    });
    project.lock = (await readLock(project.lockPath).catch(() => project.lock)) ?? project.lock;
    emit({ type: 'applied', report, project });
    return report.exitCode === ExitCode.interrupted ? 'interrupted' : report.exitCode === ExitCode.ok ? 'applied' : 'failed';
  } catch (err) {
    if (aborted()) return 'interrupted';
    emit({ type: 'error', message: (err as Error).message });
    return 'error';
  }
}

/**
 * Waits until the manifest has stayed unchanged for the quiet period; false when a save came in
 * (or its content moved on, should an event have been missed) or the session is stopping.
 */
async function quietBeforePaying(s: Session, savesAtStart: number, contentAtStart: string, credits: number): Promise<boolean> {
  const ms = s.options.quietMs ?? WATCH_DEFAULT_QUIET_MS;
  if (ms <= 0) return true;
  s.emit({ type: 'waiting', ms, credits });
  const outcome = await s.saves.waitQuiet(ms, savesAtStart, s.octx.signal);
  return outcome === 'quiet' && (await contentHash(s.manifestPath)) === contentAtStart;
}

/** SHA-256 of the manifest's bytes ("missing" when it is gone). */
async function contentHash(file: string): Promise<string> {
  return readFile(file).then((b) => createHash('sha256').update(b).digest('hex'), () => 'missing');
}

/** Free previews of changed image prompts; a failure is reported and the watch goes on. */
async function showPreviews(s: Session, project: Project, targets: PreviewTarget[]): Promise<void> {
  const { octx, emit } = s;
  const tools = previewTools(await s.target(), project.dir, maxDownloadBytes(octx.env));
  try {
    const spec = project.manifest.collection;
    let collection = spec.kind === 'id' ? spec.id : project.lock?.collection;
    if (!collection) {
      // Previews need a collection; creating one is free, and a later sync uses the same one.
      const journal = new LockJournal(project.lock ?? emptyLock(), lockWriter(project.lockPath), { readsAtOnce: true });
      collection = (await ensureCollection(project.manifest, journal, tools.api, octx.signal)).id;
      project.lock = journal.lock;
      emit({ type: 'collection_created', id: collection });
    }
    await Promise.all(
      targets.map(async (t) => {
        try {
          const got = await fetchPreview(tools.api, tools.files, collection, t, octx.signal);
          emit({ type: 'preview', id: t.id, path: got.path, prompt: t.prompt, sha256: got.sha256 });
        } catch (err) {
          emit({ type: 'preview_failed', id: t.id, message: (err as Error).message });
        }
      }),
    );
  } finally {
    await tools.close();
  }
}
