/** `prune`: removes orphans (lock entries no longer in the manifest) and their local files. Never remote. */
import { writeLock } from '../lockfile/index.js';
import type { Plan } from '../model/plan.js';
import { removeProjectFile } from '../outputs/project-files.js';
import { writeOutputs } from '../outputs/write-outputs.js';
import type { CliContext } from './context.js';
import { ExitCode } from './exit-codes.js';
import { plural } from './output.js';
import type { Project } from './project.js';

/** Lists (--dry-run) or removes orphans; the Masko collection is never touched. */
export async function runPrune(ctx: CliContext, project: Project, plan: Plan, flags: { dryRun: boolean; json: boolean }): Promise<number> {
  const orphans = plan.waves.flat().filter((s) => s.action === 'orphan');
  const lock = project.lock;
  const entries = orphans.map((s) => ({ id: s.id, files: Object.values(lock?.assets[s.id]?.files ?? {}).map((f) => f.path).filter(Boolean) }));
  if (flags.json) ctx.stdout(JSON.stringify({ dry_run: flags.dryRun, orphans: entries }) + '\n');
  if (!lock || orphans.length === 0) {
    ctx.stderr('prune: nothing to prune.\n');
    return ExitCode.ok;
  }
  for (const e of entries) ctx.stderr(`${flags.dryRun ? 'would remove' : 'removing'} ${e.id}${e.files.length ? `: ${e.files.join(', ')}` : ''}\n`);
  if (flags.dryRun) {
    ctx.stderr(`prune --dry-run: ${plural(orphans.length, 'orphan')}; nothing was changed. Remote items are never deleted.\n`);
    return ExitCode.ok;
  }
  // A path still claimed by a kept entry is never removed.
  const orphanIds = new Set(entries.map((e) => e.id));
  const kept = new Set(Object.entries(lock.assets).filter(([id]) => !orphanIds.has(id)).flatMap(([, a]) => Object.values(a.files).map((f) => f.path)));
  for (const e of entries) for (const f of e.files) if (!kept.has(f)) await removeProjectFile(project.dir, f);
  for (const e of entries) delete lock.assets[e.id];
  await writeLock(project.lockPath, lock);
  await writeOutputs(project.dir, project.manifest, lock);
  ctx.stderr(`prune: removed ${plural(orphans.length, 'orphan')} from masko.lock and disk; the Masko collection keeps its items.\n`);
  return ExitCode.ok;
}
