/** Locked files that are missing or altered on disk and that `pull` does not bring back, each with why and the way out. */
import type { Lockfile } from '../model/lock.js';
import type { LocalFiles, PlanStep } from '../model/plan.js';
import { isIntact } from '../plan/check-files.js';

/** One file pull leaves as it is. */
export interface NotRestored {
  id: string;
  key: string;
  path: string;
  reason: string;
}

/** Why a step's missing files are not pull's to restore (pull only re-downloads what the lock pins as current). */
function why(step: PlanStep): string | undefined {
  switch (step.action) {
    case 'restore':
    case 'unchanged':
    case 'rename':
      return undefined;
    case 'create':
      return 'not generated yet; run `masko-sync` to make it';
    case 'regenerate':
      return `masko.yaml changed it (${step.reason}), so the locked file is out of date; run \`masko-sync\` to make it again`;
    case 'resume':
      return 'its job is still pending; run `masko-sync` to collect it (nothing is paid again)';
    case 'relocate':
      return 'its output folder changed; run `masko-sync` to move it there for free';
    case 'derive':
      return undefined;
    case 'orphan':
      return 'its asset is no longer in masko.yaml; `masko-sync prune` drops its entry';
    default: {
      const never: never = step.action;
      return String(never);
    }
  }
}

/** Every locked file that is not intact where the lock puts it and that no restore of this plan covers. */
export function notRestored(steps: PlanStep[], lock: Lockfile | undefined, files: LocalFiles): NotRestored[] {
  if (!lock) return [];
  const out: NotRestored[] = [];
  for (const step of steps) {
    const entry = Object.hasOwn(lock.assets, step.id) ? lock.assets[step.id] : undefined;
    if (!entry) continue;
    const reason = why(step);
    if (reason === undefined) continue;
    const moved = new Map((step.relocate ?? []).map((m) => [m.key, m.to]));
    for (const key of Object.keys(entry.files).sort()) {
      if (step.restore?.includes(key)) continue;
      const locked = entry.files[key]!;
      // A pending file was never downloaded: nothing of it is missing yet.
      if (entry.status === 'pending' && locked.sha256 === undefined && !Object.hasOwn(files, locked.path)) continue;
      const to = moved.get(key);
      if (isIntact(locked, locked.path, files) || (to !== undefined && isIntact(locked, to, files))) continue;
      out.push({ id: step.id, key, path: locked.path, reason });
    }
  }
  return out;
}
