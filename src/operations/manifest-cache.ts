/**
 * `.masko/manifest-cache.json`: the normalised manifest of the last valid masko.yaml, keyed by the
 * file's SHA-256, this tool's version and the identity of the file on this disk (inode and change
 * time), so an unchanged manifest is not parsed again. Only an accelerator: a miss, a corrupt file
 * or a read-only folder just means parsing as usual.
 *
 * The identity is what makes the cache safe to trust without validating it again. A cache file
 * committed to the repository (`git add -f`, in a pull request) could otherwise stand in for a
 * masko.yaml that says something else, and be paid for unseen; no one can know in advance the inode
 * and change time the file will have in someone else's checkout, so such a cache never matches.
 * The stat cache binds its entries the same way (lockfile/local-state.ts).
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomically } from '../lockfile/atomic-write.js';
import { readRegular } from '../lockfile/read-regular.js';
import type { Manifest } from '../model/manifest.js';

interface CacheFile {
  key: string;
  manifest: Manifest;
}

let toolVersion: Promise<string> | undefined;

/** Which file on this disk the bytes came from: stat fields a checkout cannot choose. */
export interface FileIdentity {
  dev: bigint;
  ino: bigint;
  ctimeNs: bigint;
}

/** The cache key of manifest bytes: the version of the code that normalised them, their hash and the file they were read from. */
export async function manifestCacheKey(bytes: Uint8Array, file: FileIdentity): Promise<string> {
  toolVersion ??= readFile(new URL('../../package.json', import.meta.url), 'utf8')
    .then((t) => String((JSON.parse(t) as { version?: string }).version))
    .catch(() => 'unknown');
  return `${await toolVersion}:${createHash('sha256').update(bytes).digest('hex')}:${file.dev}:${file.ino}:${file.ctimeNs}`;
}

/** The cached manifest for this key, if there is one. */
export async function readCachedManifest(cacheFile: string, key: string): Promise<Manifest | undefined> {
  try {
    const data = JSON.parse(await readRegular(cacheFile, 'utf8')) as Partial<CacheFile>;
    return data.key === key && data.manifest && typeof data.manifest === 'object' ? data.manifest : undefined;
  } catch {
    return undefined;
  }
}

/** Remembers a valid manifest (best effort). */
export async function writeCachedManifest(cacheFile: string, key: string, manifest: Manifest): Promise<void> {
  try {
    await mkdir(path.dirname(cacheFile), { recursive: true });
    await writeFileAtomically(cacheFile, JSON.stringify({ key, manifest }) + '\n');
  } catch {
    // A read-only checkout still works; it parses again next time.
  }
}
