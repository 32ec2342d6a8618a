/** The lockfile adapter: parse, serialize, read and write masko.lock. */
import { readFile } from 'node:fs/promises';
import type { Lockfile } from '../model/lock.js';
import { writeFileAtomically } from './atomic-write.js';
import { refusal } from './lock-writer.js';
import { parseLock } from './parse.js';
import { serializeLock } from './serialize.js';
import { lockViolations } from './validate.js';

export { LockfileError } from './errors.js';
export { lockErrorAt, filePointer } from './locate-error.js';
export { parseLock, parseLockCheckedBefore, LOCKFILE_VERSION, MAX_LOCK_DEPTH } from './parse.js';
export { lockedPathProblem, unsafePathReason, lockPathProblems, FORBIDDEN_SEGMENTS, MAX_COMPONENT_BYTES } from './check-paths.js';
export { serializeLock, compareCodePoints, stableJson } from './serialize.js';

/** Reads and validates the lock at `path`; undefined when the file does not exist. Throws LockfileError. */
export async function readLock(path: string): Promise<Lockfile | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  return parseLock(text, path);
}

/** A lock with no assets yet; its asset map has no prototype, so ids such as "constructor" never hit Object.prototype. */
export function emptyLock(): Lockfile {
  return { lockfileVersion: 1, assets: Object.create(null) as Lockfile['assets'] };
}

/**
 * Writes the lock atomically: `masko.lock.masko-tmp` in the same folder, fsync, rename (see
 * atomic-write). The lock is checked against its schema first: the tool never writes a lock it
 * would refuse to read (the file on disk stays as it was, and the run fails). It is checked and
 * serialised before the returned promise first waits, so the caller may change it at once (the
 * journal relies on this: `readsAtOnce`).
 */
export function writeLock(path: string, lock: Lockfile): Promise<void> {
  const violations = lockViolations(lock);
  if (violations.length > 0) return Promise.reject(refusal(violations));
  return writeFileAtomically(path, serializeLock(lock));
}
export { lockRenderer, lockWriter } from './lock-writer.js';
export { writeFileAtomically, TEMP_SUFFIX } from './atomic-write.js';
export { readLocalFiles, sha256File, type ReadLocalFilesOptions } from './local-state.js';
