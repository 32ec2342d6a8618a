/**
 * Before the outputs are written: every derived file masko.lock records is on disk and current,
 * made again (locally, free, without a key or the network) when it is missing, edited, or its
 * source changed. This is how `pull` and `--frozen` bring derived files back; the lock is not
 * written (the records are already there).
 */
import pLimit from 'p-limit';
import { keepsKey, parseVariantKey } from '../manifest/variant-keys.js';
import type { Lockfile } from '../model/lock.js';
import type { Manifest } from '../model/manifest.js';
import { DerivedCache } from './derived-cache.js';
import { ensureDerived, type DeriveOutcome } from './derived-files.js';
import { replaceableFiles } from './ownership.js';

/** Size and hash of each derived file on disk, by project path. */
export type DerivedFacts = Map<string, { bytes: number; sha256: string }>;

/** Options of ensureDerivedFiles. */
export interface EnsureDerivedOptions {
  /** Told of each derived file made again (path, and why). */
  onMade?: (id: string, key: string, path: string, outcome: Extract<DeriveOutcome, { kind: 'made' }>) => void;
  /** Told of each one that cannot be made now, and why. */
  onSkipped?: (id: string, key: string, reason: string) => void;
  concurrency?: number;
}

/** Makes the recorded derived files of the manifest's completed assets current; their facts for the index. */
export async function ensureDerivedFiles(projectDir: string, manifest: Manifest, lock: Lockfile, opts: EnsureDerivedOptions = {}): Promise<DerivedFacts> {
  const facts: DerivedFacts = new Map();
  const work: Array<() => Promise<void>> = [];
  let cache: Promise<DerivedCache> | undefined;
  const mayReplace = replaceableFiles(lock);
  for (const [id, asset] of Object.entries(manifest.assets)) {
    const entry = Object.hasOwn(lock.assets, id) ? lock.assets[id] : undefined;
    if (entry?.status !== 'completed' || !entry.derived) continue;
    for (const [key, rec] of Object.entries(entry.derived)) {
      // A record the manifest dropped, or a CDN file now covers, is the next sync's to remove.
      if (Object.hasOwn(entry.files, key) || !keepsKey(asset, key)) continue;
      const source = entry.files[parseVariantKey(key)?.base ?? ''];
      if (!source) continue;
      work.push(async () => {
        cache ??= DerivedCache.load(projectDir);
        const out = await ensureDerived({ projectDir, cache: await cache, mayReplace }, { id, key, source, target: rec.path, recorded: true });
        if (out.kind === 'skipped') return opts.onSkipped?.(id, key, out.reason);
        if (out.kind === 'made') opts.onMade?.(id, key, rec.path, out);
        facts.set(rec.path, { bytes: out.bytes, sha256: out.sha256 });
      });
    }
  }
  if (work.length === 0) return facts;
  const limit = pLimit(opts.concurrency ?? 2);
  try {
    await Promise.all(work.map((w) => limit(w)));
  } finally {
    if (cache) await (await cache).save();
  }
  return facts;
}
