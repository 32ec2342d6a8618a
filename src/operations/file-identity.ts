/**
 * Keys for the caches in `.masko/` that stand in for a check: the bytes' SHA-256, this tool's
 * version, and the identity of the file on this disk (device, inode and change time, read from the
 * handle the bytes came from). A cache file committed to the repository (`git add -f`, in a pull
 * request) can match the bytes but never the identity: no one can know in advance the inode and
 * change time the file will have in someone else's checkout. So a cache may be trusted without its
 * content being checked again. The stat cache binds its entries the same way (lockfile/local-state.ts).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { openRegular } from '../lockfile/read-regular.js';

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
