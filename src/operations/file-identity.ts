/**
 * The caches in `.masko/` that stand in for a check, and their keys:
 * - `manifest-cache.json`: the normalised manifest of the last valid masko.yaml, so an unchanged
 *   manifest is not parsed and validated again;
 * - `lock-check.json`: the last masko.lock that passed every check of parseLock (schema, depth of
 *   its free-form parts, paths), so an unchanged lock is not checked again (about 40 ms of a
 *   1,000-asset `plan`'s 250).
 * Each is keyed by the bytes' SHA-256, this tool's version, and the identity of the file on this
 * disk (device, inode and change time, read from the handle the bytes came from). A cache file committed to the repository (`git add -f`, in a pull
 * request) can match the bytes but never the identity: no one can know in advance the inode and
 * change time the file will have in someone else's checkout. So a cache may be trusted without its
 * content being checked again. The stat cache binds its entries the same way (lockfile/local-state.ts).
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomically } from '../lockfile/atomic-write.js';
import { openRegular, readRegular } from '../lockfile/read-regular.js';

/** Which file on this disk bytes came from: stat fields a checkout cannot choose. */
export interface FileIdentity {
  dev: bigint;
  ino: bigint;
  ctimeNs: bigint;
}

/** The bytes of a regular file (never through a symlink) and the identity of the file they were read from. */
export async function readWithIdentity(file: string): Promise<{ bytes: Buffer; identity: FileIdentity }> {
  const handle = await openRegular(file);
  try {
    const st = await handle.stat({ bigint: true });
    return { bytes: await handle.readFile(), identity: { dev: st.dev, ino: st.ino, ctimeNs: st.ctimeNs } };
  } finally {
    await handle.close();
  }
}

let toolVersion: Promise<string> | undefined;

/** The cache key of bytes read from a file: the version of the code that checked them, their hash and the file's identity. */
export async function identityKey(bytes: Uint8Array, file: FileIdentity): Promise<string> {
  toolVersion ??= readFile(new URL('../../package.json', import.meta.url), 'utf8')
    .then((t) => String((JSON.parse(t) as { version?: string }).version))
    .catch(() => 'unknown');
  return `${await toolVersion}:${createHash('sha256').update(bytes).digest('hex')}:${file.dev}:${file.ino}:${file.ctimeNs}`;
}

/** What a cache file holds for `key` (its other fields), if it holds that key. Only an accelerator: anything unreadable is a miss. */
export async function readKeyed(cacheFile: string, key: string): Promise<Record<string, unknown> | undefined> {
  try {
    const data = JSON.parse(await readRegular(cacheFile, 'utf8')) as unknown;
    return data !== null && typeof data === 'object' && (data as { key?: unknown }).key === key ? (data as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Writes `fields` under `key` (best effort: a read-only checkout still works, and checks again next time). */
export async function writeKeyed(cacheFile: string, key: string, fields: Record<string, unknown> = {}): Promise<void> {
  try {
    await mkdir(path.dirname(cacheFile), { recursive: true });
    // No fsync: a torn or empty cache file is a miss (readKeyed), never a wrong answer.
    await writeFileAtomically(cacheFile, JSON.stringify({ key, ...fields }) + '\n', { durable: false });
  } catch {
    // Only a cache.
  }
}
