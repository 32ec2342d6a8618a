/** `--frozen` and `pull`: never generate, never write the lock; restore locked files from their CDN URLs. */
import { createDispatcher } from '../api/dispatcher.js';
import type { LocalFiles, Plan, PlanStep } from '../model/plan.js';
import { maxDownloadBytes, projectFiles } from '../outputs/project-files.js';
import { replaceableFiles } from '../outputs/ownership.js';
import type { DownloadPolicy } from '../outputs/url-policy.js';
import { writeOutputs } from '../outputs/write-outputs.js';
import type { CliContext } from './context.js';
import { ExitCode } from './exit-codes.js';
import { info, plural } from './output.js';
import { notRestored } from './not-restored.js';
import type { Project } from './project.js';

/** What frozen mode may do by itself: bring back files the lock already pins. */
const RESTORABLE = new Set(['restore', 'unchanged']);

/** Restores files, then exits 2 listing every change a real sync would make (0 when none). */
export async function runFrozen(ctx: CliContext, project: Project, plan: Plan, flags: { json: boolean; downloads: DownloadPolicy }): Promise<number> {
  const steps = plan.waves.flat();
  const restored = await restoreFiles(ctx, project, steps, flags.downloads);
  const changes = steps.filter((s) => !RESTORABLE.has(s.action));
  if (project.lock && changes.length === 0 && restored.failed === 0) await writeOutputs(project.dir, project.manifest, project.lock);
  const code = restored.failed > 0 ? ExitCode.failure : changes.length > 0 ? ExitCode.changesPending : ExitCode.ok;
  if (flags.json) {
    const list = changes.map((s) => ({ id: s.id, action: s.action, reason: s.reason, credits: s.credits }));
    ctx.stdout(JSON.stringify({ event: 'summary', frozen: true, restored: restored.done, restore_failed: restored.failed, changes: list, exit_code: code }) + '\n');
    return code;
  }
  if (changes.length > 0) {
    ctx.stderr(`--frozen: masko.lock does not match ${project.displayName}; a sync would make ${plural(changes.length, 'change')}:\n`);
    for (const s of changes) ctx.stderr(`  ${s.action.padEnd(10)} ${s.id}: ${s.reason}${s.credits ? ` (${plural(s.credits, 'credit')})` : ''}\n`);
    ctx.stderr('Run masko-sync without --frozen and commit masko.lock.\n');
  } else if (code === ExitCode.ok) {
    ctx.stderr(`--frozen: up to date${restored.done ? `; restored ${plural(restored.done, 'file')} from the lock` : ''}.\n`);
  }
  return code;
}

/** `pull`: restores every locked file that is missing or altered; names every one it leaves, and why. */
export async function runPull(ctx: CliContext, project: Project, plan: Plan, downloads: DownloadPolicy, flags: { json: boolean; files: LocalFiles }): Promise<number> {
  const steps = plan.waves.flat();
  const emit = flags.json ? (e: Record<string, unknown>) => ctx.stdout(JSON.stringify(e) + '\n') : undefined;
  const restored = await restoreFiles(ctx, project, steps, downloads, emit);
  const left = notRestored(steps, project.lock, flags.files);
  for (const f of left) {
    ctx.stderr(`not restored: ${f.path} (${f.id} ${f.key}): ${f.reason}\n`);
    emit?.({ event: 'not_restored', ...f });
  }
  if (project.lock && restored.failed === 0) await writeOutputs(project.dir, project.manifest, project.lock);
  const code = restored.failed ? ExitCode.failure : ExitCode.ok;
  ctx.stderr(`pull: restored ${plural(restored.done, 'file')}${restored.failed ? `, ${restored.failed} failed` : ''}${left.length ? `, ${left.length} not restored (listed above)` : ''}.\n`);
  emit?.({ event: 'summary', restored: restored.done, failed: restored.failed, not_restored: left.length, exit_code: code });
  return code;
}

async function restoreFiles(
  ctx: CliContext,
  project: Project,
  steps: PlanStep[],
  downloads: DownloadPolicy,
  emit?: (event: Record<string, unknown>) => void,
): Promise<{ done: number; failed: number }> {
  const work = steps.flatMap((s) => (s.restore ?? []).map((key) => ({ id: s.id, key })));
  if (work.length === 0 || !project.lock) return { done: 0, failed: 0 };
  // The in-process emulator is reached directly; anything else through the environment's proxy, if any.
  const agent = createDispatcher(ctx.env, { keepAliveTimeout: 10_000, direct: downloads.embedded === true });
  const files = projectFiles({ projectDir: project.dir, urls: downloads, mayReplace: replaceableFiles(project.lock),
    onRetry: (r) => ctx.stderr(`retrying download ${r.url} in ${r.delayMs} ms: ${r.error.message}\n`), maxBytes: maxDownloadBytes(ctx.env), dispatcher: agent });
  let done = 0;
  let failed = 0;
  try {
    await Promise.all(
      work.map(async ({ id, key }) => {
        const file = project.lock!.assets[id]!.files[key]!;
        try {
          await files.download(file.url, file.path, { expectedSha256: file.sha256, signal: ctx.signal });
          done++;
          info(ctx, `restored ${file.path}`);
          emit?.({ event: 'restored', id, key, path: file.path });
        } catch (err) {
          failed++;
          ctx.stderr(`could not restore ${file.path} (${id} ${key}): ${(err as Error).message}\n`);
          emit?.({ event: 'restore_failed', id, key, path: file.path, message: (err as Error).message });
        }
      }),
    );
  } finally {
    await agent.close();
  }
  return { done, failed };
}
