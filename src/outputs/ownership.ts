/**
 * Which existing files a download or a move may replace: the paths masko.lock records, derived files
 * included (each named
 * after its asset id and key, checked when the lock is read; a pending job's paths were checked for
 * files in the way by the plan that submitted it), the paths adopted with `--overwrite`, and what
 * this run wrote itself. Any other file in the way is replaced only by identical bytes; otherwise the
 * write is refused. The plan refuses such files up front (src/plan/conflicts.ts); this is the last line.
 */
import type { Lockfile } from '../model/lock.js';
import { entryPaths } from '../plan/entry-paths.js';

/** Paths adopted on purpose. */
export interface OverwriteSpec {
  all: boolean;
  paths: ReadonlySet<string>;
}

/** A predicate over project-relative paths: may an existing file there be replaced? */
export type MayReplace = (relPath: string) => boolean;

/** The predicate for a run that starts from `lock` (read once: entries written during the run do not widen it). */
export function replaceableFiles(lock: Lockfile | undefined, overwrite?: OverwriteSpec): MayReplace {
  if (overwrite?.all) return () => true;
  const owned = new Set<string>();
  for (const entry of Object.values(lock?.assets ?? {})) {
    for (const p of entryPaths(entry)) owned.add(p);
  }
  for (const p of overwrite?.paths ?? []) owned.add(p);
  return (rel) => owned.has(rel);
}
