/** `pull` as a library function: restore locked files that are missing or altered; no generation, no key. */
import { buildPlan } from '../plan/index.js';
import { downloadPolicyFor } from './api-target.js';
import { checkLockUrls } from './check-lock-urls.js';
import type { OperationContext } from './context.js';
import { localFiles, loadProject } from './project.js';
import { pullFiles, type PullReport, type RestoreEvent } from './restore.js';
import { withDownloads } from './sync.js';

export interface PullOptions {
  file?: string;
  /** Restores from the in-process emulator's CDN (its files are fetched where it listens now). */
  emulator?: boolean;
  onEvent?: (event: RestoreEvent) => void;
}

/** Takes the run lock, checks the lock's URLs, and restores every file the lock pins that is missing or altered. */
export async function pull(octx: OperationContext, options: PullOptions = {}): Promise<PullReport> {
  const project = await loadProject(octx, options.file, { runLock: 'pull' });
  try {
    checkLockUrls(project, downloadPolicyFor(octx, options.emulator ?? false));
    const files = await localFiles(project);
    const plan = buildPlan(project.manifest, project.graph, project.lock, { files });
    return await withDownloads(octx, project, options.emulator ?? false, (downloads) => pullFiles(octx, project, plan, downloads, files, options.onEvent));
  } finally {
    await project.runLock?.release();
  }
}
