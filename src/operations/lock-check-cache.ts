/**
 * `.masko/lock-check.json`: the key (file-identity.ts) of the last masko.lock that passed every
 * check of parseLock: its schema, the depth of its free-form parts, and its paths. The same bytes in
 * the same file pass them again, so a `plan` over an unchanged lock of a thousand assets skips them
 * (a third of its own time after start-up). A lock that came with a checkout, or was edited, or
 * written by a run, has another identity and is checked in full. Only an accelerator: a miss or an
 * unreadable cache means the full check.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomically } from '../lockfile/atomic-write.js';
import { readRegular } from '../lockfile/read-regular.js';

/** Whether the lock with this key passed the checks before. */
export async function lockCheckedBefore(cacheFile: string, key: string): Promise<boolean> {
  try {
    return (JSON.parse(await readRegular(cacheFile, 'utf8')) as { key?: unknown }).key === key;
  } catch {
    return false;
  }
}

/** Remembers that the lock with this key passed the checks (best effort). */
export async function rememberLockChecked(cacheFile: string, key: string): Promise<void> {
  try {
    await mkdir(path.dirname(cacheFile), { recursive: true });
    await writeFileAtomically(cacheFile, JSON.stringify({ key }) + '\n');
  } catch {
    // A read-only checkout still works; it checks again next time.
  }
}
