/**
 * The lock written again and again as a run changes it (the journal's writer): the same bytes as
 * serializeLock and the same schema check as writeLock, but an entry that is unchanged since the
 * last write is neither checked nor serialised again. A run writes the whole lock after each batch
 * of changes; for a lock of a thousand entries, checking and serialising every entry each time was
 * most of a large sync's CPU once its jobs had ended.
 */
import type { LockEntry, Lockfile } from '../model/lock.js';
import { writeFileAtomically } from './atomic-write.js';
import { LOCKFILE_VERSION } from './parse.js';
import { compareCodePoints, valueJson } from './serialize.js';
import { lockViolations, type LockViolation } from './validate.js';

/** Turns a lock into its text, or throws (naming the violations) when the lock would not be readable. */
export type LockRenderer = (lock: Lockfile) => string;

/**
 * A renderer that remembers each entry it wrote, by its plain JSON (JSON.stringify is native and
 * cheap; equal JSON means an equal entry). The schema gives an entry no tie to the others (asset
 * ids have a pattern, entries a shape), so checking the changed entries one by one and the rest of
 * the lock without them is the whole check.
 */
export function lockRenderer(): LockRenderer {
  let done = new Map<string, { json: string; text: string }>();
  return (lock) => {
    const assets = lock.assets as unknown;
    // Not an object of entries: a bug; the whole check says what is wrong.
    if (assets === null || typeof assets !== 'object' || Array.isArray(assets)) return checkedWhole(lock);
    const entries = assets as Record<string, LockEntry | undefined>;
    const violations: LockViolation[] = lockViolations({ ...lock, assets: {} });
    const next = new Map<string, { json: string; text: string }>();
    for (const id of Object.keys(entries).sort(compareCodePoints)) {
      const entry = entries[id];
      if (entry === undefined) continue;
      const json = JSON.stringify(entry);
      let written = done.get(id);
      if (written?.json !== json) {
        const problems = lockViolations({ lockfileVersion: LOCKFILE_VERSION, assets: withOne(id, entry) });
        if (problems.length > 0) {
          violations.push(...problems);
          continue;
        }
        written = { json, text: valueJson(entry, '    ') };
      }
      next.set(id, written);
    }
    if (violations.length > 0) throw refusal(violations);
    done = next;
    return assemble(lock, next);
  };
}

/** Writes locks to `path` through one renderer (checked and serialised before the first wait, as writeLock). */
export function lockWriter(path: string): (lock: Lockfile) => Promise<void> {
  const render = lockRenderer();
  return (lock) => {
    let text: string;
    try {
      text = render(lock);
    } catch (err) {
      return Promise.reject(err);
    }
    return writeFileAtomically(path, text);
  };
}

/** The refusal writeLock gives too. */
export function refusal(violations: LockViolation[]): Error {
  return new Error(`refusing to write masko.lock: it would not be readable (${violations.slice(0, 3).map((v) => v.message).join('; ')}); this is a bug in masko-sync, the lock on disk is unchanged`);
}

function checkedWhole(lock: Lockfile): string {
  const violations = lockViolations(lock);
  if (violations.length > 0) throw refusal(violations);
  return valueJson(lock, '') + '\n';
}

/** An asset map of one entry, with no prototype (an id such as "__proto__" stays an ordinary key). */
function withOne(id: string, entry: LockEntry): Record<string, LockEntry> {
  const one = Object.create(null) as Record<string, LockEntry>;
  one[id] = entry;
  return one;
}

/** The lock's text from its top-level values and the entries' texts, as serializeLock lays it out. */
function assemble(lock: Lockfile, entries: Map<string, { text: string }>): string {
  const top = lock as unknown as Record<string, unknown>;
  const keys = Object.keys(top)
    .filter((k) => top[k] !== undefined)
    .sort(compareCodePoints);
  const assets = entries.size === 0 ? '{}' : `{\n${[...entries].map(([id, e]) => `    ${JSON.stringify(id)}: ${e.text}`).join(',\n')}\n  }`;
  return `{\n${keys.map((k) => `  ${JSON.stringify(k)}: ${k === 'assets' ? assets : valueJson(top[k], '  ')}`).join(',\n')}\n}\n`;
}
