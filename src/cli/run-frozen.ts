/** `--frozen` and `pull`: never generate, never write the lock; restore locked files from their CDN URLs. */
import { createDispatcher } from '../api/dispatcher.js';
import type { Plan, PlanStep } from '../model/plan.js';
import { maxDownloadBytes, projectFiles } from '../outputs/project-files.js';
import { allowedHosts } from '../outputs/url-policy.js';
import { writeOutputs } from '../outputs/write-outputs.js';
import { apiUrlFromEnv, cdnHostsFromEnv } from './api-config.js';
import type { CliContext } from './context.js';
import { ExitCode } from './exit-codes.js';
import { info, plural } from './output.js';
import type { Project } from './project.js';

/** What frozen mode may do by itself: bring back files the lock already pins. */
const RESTORABLE = new Set(['restore', 'unchanged']);

/** Restores files, then exits 2 listing every change a real sync would make (0 when none). */
export async function runFrozen(ctx: CliContext, project: Project, plan: Plan, flags: { json: boolean; apiUrl?: string }): Promise<number> {
  const steps = plan.waves.flat();
  const restored = await restoreFiles(ctx, project, steps, flags.apiUrl);
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

/** `pull`: restores every locked file that is missing or altered; nothing else. */
export async function runPull(ctx: CliContext, project: Project, plan: Plan, apiUrl?: string): Promise<number> {
  const restored = await restoreFiles(ctx, project, plan.waves.flat(), apiUrl);
  if (project.lock && restored.failed === 0) await writeOutputs(project.dir, project.manifest, project.lock);
  ctx.stderr(`pull: restored ${plural(restored.done, 'file')}${restored.failed ? `, ${restored.failed} failed` : ''}.\n`);
  return restored.failed ? ExitCode.failure : ExitCode.ok;
}

/** `embeddedUrl`: the in-process emulator's URL (reached directly), else MASKO_API_URL. */
async function restoreFiles(ctx: CliContext, project: Project, steps: PlanStep[], embeddedUrl?: string): Promise<{ done: number; failed: number }> {
  const apiUrl = embeddedUrl ?? apiUrlFromEnv(ctx);
  const work = steps.flatMap((s) => (s.restore ?? []).map((key) => ({ id: s.id, key })));
  if (work.length === 0 || !project.lock) return { done: 0, failed: 0 };
  const agent = createDispatcher(ctx.env, { keepAliveTimeout: 10_000, direct: embeddedUrl !== undefined });
  const files = projectFiles({ projectDir: project.dir, hosts: allowedHosts(apiUrl, cdnHostsFromEnv(ctx)), maxBytes: maxDownloadBytes(ctx.env), dispatcher: agent });
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
        } catch (err) {
          failed++;
          ctx.stderr(`could not restore ${file.path} (${id} ${key}): ${(err as Error).message}\n`);
        }
      }),
    );
  } finally {
    await agent.close();
  }
  return { done, failed };
}
