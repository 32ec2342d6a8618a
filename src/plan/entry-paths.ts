/** Every path a lock entry owns: its files and its derived files (pure). */
import type { LockEntry } from '../model/lock.js';

/** The paths of an entry's files, then of its derived files. */
export function entryPaths(entry: Pick<LockEntry, 'files' | 'derived'>): string[] {
  const out = Object.values(entry.files).map((f) => f.path);
  for (const d of Object.values(entry.derived ?? {})) out.push(d.path);
  return out;
}
