/** `prune`: removes orphans (lock entries no longer in the manifest) and their local files. Never remote. */
import path from 'node:path';
import { writeLock } from '../lockfile/index.js';
import type { Lockfile } from '../model/lock.js';
import type { Manifest } from '../model/manifest.js';
import type { LocalFiles, Plan } from '../model/plan.js';
import { removeProjectFile } from '../outputs/project-files.js';
import { writeOutputs } from '../outputs/write-outputs.js';
import type { CliContext } from './context.js';
import { ExitCode } from './exit-codes.js';
import { plural } from './output.js';
import type { Project } from './project.js';

/** One orphan's files, sorted into what prune deletes and what it leaves alone. */
interface OrphanFiles {
  id: string;
  files: string[];
  /** Deleted although their bytes are no longer the ones masko-sync wrote (said so). */
  modified: string[];
  kept: Array<{ path: string; reason: string }>;
}

/** Lists (--dry-run) or removes orphans; the Masko collection is never touched. */
export async function runPrune(ctx: CliContext, project: Project, plan: Plan, local: LocalFiles, flags: { dryRun: boolean; json: boolean }): Promise<number> {
  const orphans = plan.waves.flat().filter((s) => s.action === 'orphan');
  const lock = project.lock;
  const entries = lock ? orphans.map((s) => sortFiles(s.id, lock, project.manifest, local)) : [];
  if (flags.json) {
    ctx.stdout(
      JSON.stringify({
        event: 'summary',
        dry_run: flags.dryRun,
        orphans: entries.map((e) => ({ id: e.id, files: e.files })),
        modified: entries.flatMap((e) => e.modified),
        kept: entries.flatMap((e) => e.kept),
        exit_code: ExitCode.ok,
      }) + '\n',
    );
  }
  if (!lock || orphans.length === 0) {
    ctx.stderr('prune: nothing to prune.\n');
    return ExitCode.ok;
  }
  for (const e of entries) {
    const shown = e.files.map((f) => (e.modified.includes(f) ? `${f} (changed since masko-sync wrote it)` : f));
    ctx.stderr(`${flags.dryRun ? 'would remove' : 'removing'} ${e.id}${shown.length ? `: ${shown.join(', ')}` : ''}\n`);
    for (const k of e.kept) ctx.stderr(`  ${flags.dryRun ? 'would keep' : 'keeping'} ${k.path}: ${k.reason}\n`);
  }
  if (flags.dryRun) {
    ctx.stderr(`prune --dry-run: ${plural(orphans.length, 'orphan')}; nothing was changed. Remote items are never deleted.\n`);
    return ExitCode.ok;
  }
  for (const e of entries) for (const f of e.files) await removeProjectFile(project.dir, f);
  for (const e of entries) delete lock.assets[e.id];
  await writeLock(project.lockPath, lock);
  await writeOutputs(project.dir, project.manifest, lock);
  ctx.stderr(`prune: removed ${plural(orphans.length, 'orphan')} from masko.lock and disk; the Masko collection keeps its items.\n`);
  return ExitCode.ok;
}

/**
 * An orphan's files are deleted only where masko-sync could have written them: in an output folder
 * of the manifest or in a folder another lock entry of a manifest asset uses (its old folder before
 * a relocation), and not claimed by a kept entry. Names were checked when the lock was read.
 */
function sortFiles(id: string, lock: Lockfile, manifest: Manifest, local: LocalFiles): OrphanFiles {
  const folders = new Set<string>([manifest.output.dir]);
  const kept = new Set<string>();
  for (const asset of Object.values(manifest.assets)) folders.add(asset.outputDir);
  for (const [other, entry] of Object.entries(lock.assets)) {
    if (other === id) continue;
    for (const f of Object.values(entry.files)) {
      kept.add(f.path);
      if (Object.hasOwn(manifest.assets, other)) folders.add(path.posix.dirname(f.path));
    }
  }
  const out: OrphanFiles = { id, files: [], modified: [], kept: [] };
  for (const f of Object.values(lock.assets[id]?.files ?? {})) {
    const state = Object.hasOwn(local, f.path) ? local[f.path] : undefined;
    if (!state?.exists) continue;
    if (kept.has(f.path)) out.kept.push({ path: f.path, reason: 'masko.lock records it for another asset too' });
    else if (!folders.has(path.posix.dirname(f.path))) out.kept.push({ path: f.path, reason: 'not in an output folder of masko.yaml, so masko-sync leaves it; delete it by hand if it is yours to delete' });
    else {
      out.files.push(f.path);
      if (state.symlink || (f.sha256 !== undefined && state.sha256 !== f.sha256)) out.modified.push(f.path);
    }
  }
  return out;
}
