/** Refuses, before anything runs, a lock whose URLs a download would have to fetch from outside the allowed origins. */
import { filePointer, lockErrorAt } from '../lockfile/index.js';
import type { DownloadPolicy } from '../outputs/url-policy.js';
import { OperationError } from './errors.js';
import { ExitCode } from './exit-codes.js';
import type { Project } from './project.js';

const HINT =
  'masko-sync downloads only from the Masko CDN or the API\'s own origin (scheme, host and port). If this lock was made with ' +
  'the embedded emulator, run with --emulator (to move the project to the real API, remove masko.lock and the files it lists: ' +
  "the emulator's assets do not exist there, and the next sync generates them, at their price); if it was made against another API, " +
  'set MASKO_API_URL (or MASKO_CDN_HOSTS) to it; otherwise take masko.lock back from git (`git checkout -- masko.lock`)';

/**
 * Throws (exit 1, `masko.lock:LINE:COL`) at the first locked URL of a manifest asset that the
 * policy refuses. Orphans are not checked: nothing downloads them.
 */
export function checkLockUrls(project: Project, policy: DownloadPolicy): void {
  const lock = project.lock;
  if (!lock) return;
  for (const id of Object.keys(lock.assets)) {
    if (!Object.hasOwn(project.manifest.assets, id)) continue;
    const entry = lock.assets[id]!;
    for (const key of Object.keys(entry.files)) {
      const why = policy.refuse(entry.files[key]!.url);
      if (!why) continue;
      const err = lockErrorAt(project.lockText ?? '', project.lockName, filePointer(id, key, 'url'), `assets.${id}.files.${key}.url: ${why}`, HINT);
      throw new OperationError(err.message, ExitCode.failure, { cause: err });
    }
  }
}
