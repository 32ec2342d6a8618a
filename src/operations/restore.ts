/** `--frozen` and `pull`: never generate, never write the lock; restore locked files from their CDN URLs. */
import { createDispatcher } from '../api/dispatcher.js';
import type { LocalFiles, Plan, PlanReference, PlanStep } from '../model/plan.js';
import { maxDownloadBytes, projectFiles } from '../outputs/project-files.js';
import { replaceableFiles } from '../outputs/ownership.js';
import type { DownloadPolicy } from '../outputs/url-policy.js';
import { writeOutputs } from '../outputs/write-outputs.js';
import { log, type OperationContext } from './context.js';
import { ExitCode } from './exit-codes.js';
import { collectionChanges } from '../plan/plan-life.js';
import { notRestored, type NotRestored } from './not-restored.js';
import type { Project } from './project.js';

/** What a restore reports as it goes. */
export type RestoreEvent =
  | { type: 'restored'; id: string; key: string; path: string }
  | { type: 'restore_failed'; id: string; key: string; path: string; message: string }
  | ({ type: 'not_restored' } & NotRestored);

/** What frozen mode may do by itself: bring back files the lock already pins. */
const RESTORABLE = new Set(['restore', 'unchanged']);

/** The outcome of `sync --frozen`. */
export interface FrozenReport {
  restored: number;
  restoreFailed: number;
  /** Every change a real sync would make. */
  changes: PlanStep[];
  /** The collection's reference changes a real sync would make (adds and removes). */
  references: PlanReference[];
  /** 0 up to date, 2 changes pending, 1 a restore failed. */
  exitCode: number;
}

/** The outcome of `pull`. */
export interface PullReport {
  restored: number;
  failed: number;
  /** Every locked file left as it is, and why. */
  notRestored: NotRestored[];
  exitCode: number;
}

/** Restores files; reports every change a real sync would make (exit 2) or none (0). Writes no lock. */
export async function frozenCheck(octx: OperationContext, project: Project, plan: Plan, downloads: DownloadPolicy, onEvent?: (e: RestoreEvent) => void): Promise<FrozenReport> {
  const steps = plan.waves.flat();
  const restored = await restoreLocked(octx, project, steps, downloads, onEvent);
  const changes = steps.filter((s) => !RESTORABLE.has(s.action));
  if (project.lock && changes.length === 0 && restored.failed === 0) await writeOutputs(project.dir, project.manifest, project.lock);
  // A reference change of the collection is a change a sync would make too.
  const pending = changes.length > 0 || collectionChanges(plan) > 0;
  const exitCode = restored.failed > 0 ? ExitCode.failure : pending ? ExitCode.changesPending : ExitCode.ok;
  const references = (plan.references ?? []).filter((r) => r.action !== 'unchanged');
  return { restored: restored.done, restoreFailed: restored.failed, changes, references, exitCode };
}

/** `pull`: restores every locked file that is missing or altered, and names every one it leaves, with the reason. */
export async function pullFiles(octx: OperationContext, project: Project, plan: Plan, downloads: DownloadPolicy, files: LocalFiles, onEvent?: (e: RestoreEvent) => void): Promise<PullReport> {
  const steps = plan.waves.flat();
  const restored = await restoreLocked(octx, project, steps, downloads, onEvent);
  const left = notRestored(steps, project.lock, files);
  for (const f of left) onEvent?.({ type: 'not_restored', ...f });
  if (project.lock && restored.failed === 0) await writeOutputs(project.dir, project.manifest, project.lock);
  return { restored: restored.done, failed: restored.failed, notRestored: left, exitCode: restored.failed ? ExitCode.failure : ExitCode.ok };
}

/** Downloads the files the plan's steps restore, each checked against the lock's sha256. */
async function restoreLocked(octx: OperationContext, project: Project, steps: PlanStep[], downloads: DownloadPolicy, onEvent?: (e: RestoreEvent) => void): Promise<{ done: number; failed: number }> {
  const work = steps.flatMap((s) => (s.restore ?? []).map((key) => ({ id: s.id, key })));
  if (work.length === 0 || !project.lock) return { done: 0, failed: 0 };
  // The in-process emulator is reached directly; anything else through the environment's proxy, if any.
  const agent = createDispatcher(octx.env, { keepAliveTimeout: 10_000, direct: downloads.embedded === true });
  const files = projectFiles({
    projectDir: project.dir,
    urls: downloads,
    mayReplace: replaceableFiles(project.lock),
    onRetry: (r) => log(octx, 'info', `retrying download ${r.url} in ${r.delayMs} ms: ${r.error.message}`),
    maxBytes: maxDownloadBytes(octx.env),
    dispatcher: agent,
  });
  let done = 0;
  let failed = 0;
  try {
    await Promise.all(
      work.map(async ({ id, key }) => {
        const file = project.lock!.assets[id]!.files[key]!;
        try {
          await files.download(file.url, file.path, { ...(file.sha256 ? { expectedSha256: file.sha256 } : {}), ...(octx.signal ? { signal: octx.signal } : {}) });
          done++;
          onEvent?.({ type: 'restored', id, key, path: file.path });
        } catch (err) {
          failed++;
          onEvent?.({ type: 'restore_failed', id, key, path: file.path, message: (err as Error).message });
        }
      }),
    );
  } finally {
    await agent.close();
  }
  return { done, failed };
}
