/**
 * `.masko/manifest-cache.json`: the normalised manifest of the last valid masko.yaml, keyed by the
 * file's SHA-256 and this tool's version, so an unchanged manifest is not parsed again. Only an
 * accelerator: a miss, a corrupt file or a read-only folder just means parsing as usual.
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

/** The cache key of manifest bytes: their hash and the version of the code that normalised them. */
export async function manifestCacheKey(bytes: Uint8Array): Promise<string> {
  toolVersion ??= readFile(new URL('../../package.json', import.meta.url), 'utf8')
    .then((t) => String((JSON.parse(t) as { version?: string }).version))
    .catch(() => 'unknown');
  return `${await toolVersion}:${createHash('sha256').update(bytes).digest('hex')}`;
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
