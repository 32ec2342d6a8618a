/**
 * The lock written again and again as a run changes it (the journal's writer): the same bytes as
 * serializeLock and the same schema check as writeLock, but an entry that is unchanged since the
 * last write is neither checked nor serialised again. A run writes the whole lock after each batch
 * of changes: for a lock of 1,100 entries, checking and serialising all of it took about 16 ms a
 * write on a 2-core machine, and about 10 ms this way when a few dozen entries changed (a write that
 * changes every entry, such as a run's first, costs about 8 ms more than the whole check).
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
 * ids have a pattern, entries a shape), so checking the changed entries together and the rest of
 * the lock without them is the whole check.
 */
export function lockRenderer(): LockRenderer {
  let done = new Map<string, { json: string; text: string }>();
  return (lock) => {
    const assets = lock.assets as unknown;
    // Not an object of entries: a bug; the whole check says what is wrong.
    if (assets === null || typeof assets !== 'object' || Array.isArray(assets)) return checkedWhole(lock);
    const entries = assets as Record<string, LockEntry | undefined>;
    const ids = Object.keys(entries);
    // Code-point order is UTF-16 order unless an id holds a surrogate (a valid one never does).
    ids.sort(ids.some((id) => SURROGATE.test(id)) ? compareCodePoints : undefined);
    const next = new Map<string, { json: string; text?: string }>();
    // The changed entries, checked together in one lock of their own.
    const changed = Object.create(null) as Record<string, LockEntry>;
    let anyChanged = false;
    for (const id of ids) {
      const entry = entries[id];
      if (entry === undefined) continue;
      const json = JSON.stringify(entry);
      const written = done.get(id);
      if (written?.json === json) next.set(id, written);
      else {
        next.set(id, { json });
        changed[id] = entry;
        anyChanged = true;
      }
    }
    const violations = lockViolations({ ...lock, assets: {} });
    if (anyChanged) violations.push(...lockViolations({ lockfileVersion: LOCKFILE_VERSION, assets: changed }));
    if (violations.length > 0) throw refusal(violations);
    for (const [id, e] of next) e.text ??= valueJson(changed[id], '    ');
    done = next as Map<string, { json: string; text: string }>;
    return assemble(lock, done);
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

const SURROGATE = /[\uD800-\uDFFF]/;

/** The lock's text from its top-level values and the entries' texts, as serializeLock lays it out. */
function assemble(lock: Lockfile, entries: Map<string, { text: string }>): string {
  const top = lock as unknown as Record<string, unknown>;
  const keys = Object.keys(top)
    .filter((k) => top[k] !== undefined)
    .sort(compareCodePoints);
  const assets = entries.size === 0 ? '{}' : `{\n${[...entries].map(([id, e]) => `    ${JSON.stringify(id)}: ${e.text}`).join(',\n')}\n  }`;
  return `{\n${keys.map((k) => `  ${JSON.stringify(k)}: ${k === 'assets' ? assets : valueJson(top[k], '  ')}`).join(',\n')}\n}\n`;
}
