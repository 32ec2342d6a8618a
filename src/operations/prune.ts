/** `prune`: removes orphans (lock entries no longer in the manifest) and their local files. Never remote. */
import path from 'node:path';
import { writeLock } from '../lockfile/index.js';
import type { Lockfile } from '../model/lock.js';
import type { Manifest } from '../model/manifest.js';
import type { LocalFiles, Plan } from '../model/plan.js';
import { removeProjectFile } from '../outputs/project-files.js';
import { writeOutputs } from '../outputs/write-outputs.js';
import { buildPlan } from '../plan/index.js';
import { entryPaths } from '../plan/entry-paths.js';
import type { OperationContext } from './context.js';
import { localFiles, loadProject, type Project } from './project.js';

/** Takes the run lock, plans, and lists (dry run) or removes the orphans. */
export async function prune(octx: OperationContext, options: { file?: string; dryRun?: boolean } = {}): Promise<PruneReport> {
  const project = await loadProject(octx, options.file, { runLock: 'prune' });
  try {
    const files = await localFiles(project);
    const plan = buildPlan(project.manifest, project.graph, project.lock, { files });
    return await pruneOrphans(project, plan, files, { dryRun: options.dryRun ?? false });
  } finally {
    await project.runLock?.release();
  }
}

/** One orphan's files, sorted into what prune deletes and what it leaves alone. */
export interface OrphanFiles {
  id: string;
  files: string[];
  /** Deleted although their bytes are no longer the ones masko-sync wrote (said so). */
  modified: string[];
  kept: Array<{ path: string; reason: string }>;
}

export interface PruneReport {
  dryRun: boolean;
  orphans: OrphanFiles[];
  /** Whether masko.lock and the files were changed (false for a dry run or nothing to prune). */
  removed: boolean;
}

/** Lists (dry run) or removes orphans; the Masko collection is never touched. */
export async function pruneOrphans(project: Project, plan: Plan, local: LocalFiles, options: { dryRun: boolean }): Promise<PruneReport> {
  const orphans = plan.waves.flat().filter((s) => s.action === 'orphan');
  const lock = project.lock;
  const entries = lock ? orphans.map((s) => sortFiles(s.id, lock, project.manifest, local)) : [];
  if (!lock || entries.length === 0 || options.dryRun) return { dryRun: options.dryRun, orphans: entries, removed: false };
  for (const e of entries) for (const f of e.files) await removeProjectFile(project.dir, f);
  for (const e of entries) delete lock.assets[e.id];
  await writeLock(project.lockPath, lock);
  await writeOutputs(project.dir, project.manifest, lock);
  return { dryRun: false, orphans: entries, removed: true };
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
    for (const p of entryPaths(entry)) {
      kept.add(p);
      if (Object.hasOwn(manifest.assets, other)) folders.add(path.posix.dirname(p));
    }
  }
  const out: OrphanFiles = { id, files: [], modified: [], kept: [] };
  const entry = lock.assets[id];
  // Downloaded files carry their hash; files derived locally (sizes, formats) only their path.
  const own: Array<{ path: string; sha256?: string }> = entry ? [...Object.values(entry.files), ...Object.values(entry.derived ?? {})] : [];
  for (const f of own) {
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
