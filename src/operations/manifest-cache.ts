/**
 * `.masko/manifest-cache.json`: the normalised manifest of the last valid masko.yaml, keyed by the
 * file's bytes and identity (file-identity.ts), so an unchanged manifest is not parsed again. Only
 * an accelerator: a miss, a corrupt file or a read-only folder just means parsing as usual. The
 * identity is what makes it safe to trust: a cache that came with the checkout could otherwise
 * stand in for a masko.yaml that says something else, and be paid for unseen.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomically } from '../lockfile/atomic-write.js';
import { readRegular } from '../lockfile/read-regular.js';
import type { Manifest } from '../model/manifest.js';

interface CacheFile {
  key: string;
  manifest: Manifest;
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
