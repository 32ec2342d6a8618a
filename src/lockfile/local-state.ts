/** Local file state of locked files, with a stat cache so unchanged files are not hashed again. */
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { LocalFiles } from '../model/plan.js';
import { writeFileAtomically } from './atomic-write.js';
import { openRegular, readRegular } from './read-regular.js';
import { RACY_MS, sameSeen, statPass, type Seen, type StatKey } from './stat-pass.js';

/** Options of readLocalFiles. */
export interface ReadLocalFilesOptions {
  /** Stat cache file, e.g. `<project>/.masko/stat-cache.json` (its folder checked by the caller: never a symlink); without it every file is hashed. */
  cacheFile?: string;
  /** Hex SHA-256 of a file (injectable to count or fake hashing in tests). */
  hash?: (absPath: string) => Promise<string>;
  /** Files stat'ed and hashed at once. */
  concurrency?: number;
  /** Told what the stat pass saw of each distinct path (in order), before any file is hashed. */
  onSeen?: (paths: string[], seen: Seen[]) => void;
}

interface CacheEntry extends StatKey {
  sha256: string;
}
interface CacheFile {
  version: 1;
  files: Record<string, CacheEntry>;
}

/**
 * State (exists, bytes, sha256) of each project-relative POSIX path. A file whose size, mtime,
 * ctime and inode all match the cache keeps its cached hash; anything else is hashed again.
 * The cache is only an accelerator: unreadable or stale, it is ignored; writing it may fail silently.
 * Nothing is read through a symlink: a symlink at a path is reported as `{exists, symlink}` without
 * a hash (so it never matches the lock), and a path whose folder resolves outside the project as missing.
 */
export async function readLocalFiles(projectDir: string, paths: string[], opts: ReadLocalFilesOptions = {}): Promise<LocalFiles> {
  const hash = opts.hash ?? sha256File;
  const cache = opts.cacheFile ? await readCache(opts.cacheFile) : { version: 1 as const, files: {} };
  const now = Date.now();
  let dirty = false;
  const result: LocalFiles = {};
  const unique = [...new Set(paths)];
  // First a synchronous stat pass (cheap); only files the cache cannot vouch for are hashed.
  const seen = statPass(projectDir, unique);
  opts.onSeen?.(unique, seen);
  const toHash: Array<{ rel: string; abs: string; key: StatKey }> = [];
  unique.forEach((rel, i) => {
    const state = seen[i]!;
    const old = Object.hasOwn(cache.files, rel) ? cache.files[rel] : undefined;
    result[rel] = { exists: false };
    if (state.kind === 'file') {
      const { key } = state;
      if (old && sameSeen(state, { kind: 'file', key: old })) result[rel] = { exists: true, bytes: key.size, sha256: old.sha256 };
      else toHash.push({ rel, abs: path.join(projectDir, rel), key });
      return;
    }
    if (state.kind === 'symlink') result[rel] = { exists: true, symlink: true };
    if (old) {
      delete cache.files[rel];
      dirty = true;
    }
  });
  await forEachLimited(toHash, opts.concurrency ?? 16, async ({ rel, abs, key }) => {
    const sha256 = await hash(abs).catch(() => undefined);
    if (sha256 === undefined) {
      if (Object.hasOwn(cache.files, rel)) {
        delete cache.files[rel];
        dirty = true;
      }
      return;
    }
    result[rel] = { exists: true, bytes: key.size, sha256 };
    if (now - key.mtimeMs >= RACY_MS) {
      cache.files[rel] = { ...key, sha256 };
      dirty = true;
    }
  });
  if (opts.cacheFile && dirty) await writeCache(opts.cacheFile, cache);
  return result;
}

/** Hex SHA-256 of a regular file (never through a symlink), streamed when large. */
export async function sha256File(absPath: string): Promise<string> {
  const h = createHash('sha256');
  const handle = await openRegular(absPath);
  try {
    const st = await handle.stat();
    if (st.size <= 8 * 1024 * 1024) return h.update(await handle.readFile()).digest('hex');
    for await (const chunk of handle.createReadStream({ autoClose: false })) h.update(chunk as Buffer);
    return h.digest('hex');
  } finally {
    await handle.close();
  }
}

async function readCache(file: string): Promise<CacheFile> {
  try {
    const data = JSON.parse(await readRegular(file, 'utf8')) as Partial<CacheFile>;
    if (data.version === 1 && data.files && typeof data.files === 'object') return { version: 1, files: data.files };
  } catch {
    // Missing or corrupt: start over; correctness never depends on it.
  }
  return { version: 1, files: Object.create(null) as Record<string, CacheEntry> };
}

async function writeCache(file: string, cache: CacheFile): Promise<void> {
  try {
    // The caller checks that the cache's folder is a real one (never a symlink) before passing it.
    await mkdir(path.dirname(file), { recursive: true });
    // No fsync: a torn or empty cache does not parse, and is then started over (readCache).
    await writeFileAtomically(file, JSON.stringify(cache) + '\n', { durable: false });
  } catch {
    // A read-only checkout still plans; it just hashes again next time.
  }
}

/** Runs `fn` over items with at most `limit` in flight. */
async function forEachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
