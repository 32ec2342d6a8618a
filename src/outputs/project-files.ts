/** ApplyFiles for a project folder: safe paths, verified downloads with retries, moves; never over a file it does not own. */
import { copyFile, lstat, rename, rm } from 'node:fs/promises';
import pLimit from 'p-limit';
import type { Dispatcher } from 'undici';
import { defaultBackoff, retryDelay, sleep, type BackoffOptions } from '../api/backoff.js';
import type { ApplyFiles } from '../apply/types.js';
import { TEMP_SUFFIX } from '../lockfile/atomic-write.js';
import { sha256File } from '../lockfile/local-state.js';
import { DerivedCache } from './derived-cache.js';
import { ensureDerived, removeDerived } from './derived-files.js';
import { describeDiskError } from './disk-errors.js';
import { DownloadError, downloadFile, probeUrl } from './download.js';
import { mimeOf, type MediaInfo } from './media-types.js';
import type { MayReplace } from './ownership.js';
import { resolveInside, UnsafePathError } from './safe-path.js';
import type { DownloadPolicy } from './url-policy.js';

export interface ProjectFilesOptions {
  projectDir: string;
  /** Which URLs may be downloaded, and from where (see url-policy). */
  urls: DownloadPolicy;
  maxBytes: number;
  /**
   * Which existing files may be replaced (see ownership.ts); any other file in the way is replaced only
   * by identical bytes. Default: any (for folders of the tool's own, such as previews).
   */
  mayReplace?: MayReplace;
  dispatcher?: Dispatcher;
  /** Attempts per download, the first included. */
  attempts?: number;
  /** Downloads in flight at once (bounds memory and leaves the disk free for lock writes). */
  concurrency?: number;
  backoff?: BackoffOptions;
  onRetry?: (info: { url: string; attempt: number; delayMs: number; error: Error }) => void;
  /** Called with the media info of each downloaded file, read while it was written (for the asset index). */
  onMedia?: (sha256: string, media: MediaInfo) => void;
}

/** Default cap on one downloaded file. */
export const DEFAULT_MAX_BYTES = 512 * 1024 * 1024;

/** The cap on one downloaded file: MASKO_MAX_DOWNLOAD_BYTES when set to a positive number. */
export function maxDownloadBytes(env: Record<string, string | undefined>): number {
  const v = Number(env.MASKO_MAX_DOWNLOAD_BYTES);
  return Number.isFinite(v) && v > 0 ? v : DEFAULT_MAX_BYTES;
}

/** Creates the file adapter the applier uses. */
export function projectFiles(options: ProjectFilesOptions): ApplyFiles {
  const attempts = options.attempts ?? 8;
  const limit = pLimit(options.concurrency ?? 16);
  const backoff = options.backoff ?? defaultBackoff;
  // What this run wrote is its own to write again (a retry, a relocation after a restore).
  const written = new Set<string>();
  const mayReplace = (rel: string) => !options.mayReplace || options.mayReplace(rel) || written.has(rel);
  // Loaded on the first variant made: a run without sizes or formats never reads it.
  let derived: Promise<DerivedCache> | undefined;
  /** Refuses to replace a file the tool does not own, unless the new content is the same bytes. */
  const guard = async (rel: string, abs: string, sha256: () => Promise<string>) => {
    if (mayReplace(rel)) return;
    const st = await lstat(abs).catch(() => undefined);
    if (!st) return;
    if (st.isFile() && (await sha256File(abs).catch(() => undefined)) === (await sha256())) return;
    throw new DownloadError(
      `refusing to replace ${rel}: ${st.isSymbolicLink() ? 'a symlink' : 'a file'} masko-sync did not make is there (it is not in masko.lock). ` +
        `Move it away, or adopt it with --overwrite ${rel}`,
      false,
    );
  };
  return {
    async download(url, relPath, opts = {}) {
      const refused = options.urls.refuse(url);
      if (refused) throw new DownloadError(`refusing to download: ${refused}`, false);
      const from = options.urls.target(url);
      const dest = await inside(options.projectDir, relPath, 'write');
      for (let attempt = 1; ; attempt++) {
        try {
          const got = await limit(() =>
            downloadFile(from, {
              dest,
              label: relPath,
              maxBytes: options.maxBytes,
              expectedSha256: opts.expectedSha256,
              isPlaceholder: opts.isPlaceholder,
              dispatcher: options.dispatcher,
              signal: opts.signal,
              beforeReplace: (sha) => guard(relPath, dest, async () => sha),
              ...(options.onMedia ? { probeAs: mimeOf(relPath) } : {}),
            }),
          );
          written.add(relPath);
          if (got.media) options.onMedia?.(got.sha256, got.media);
          return got;
        } catch (err) {
          const error = err as Error;
          const retryable = err instanceof DownloadError && err.retryable;
          if (!retryable || attempt >= attempts || opts.signal?.aborted) throw error;
          const delayMs = retryDelay(attempt, backoff);
          options.onRetry?.({ url, attempt, delayMs, error });
          await sleep(delayMs, opts.signal);
        }
      }
    },
    async probe(url, signal) {
      const refused = options.urls.refuse(url);
      if (refused) throw new DownloadError(`refusing to download: ${refused}`, false);
      return limit(() => probeUrl(options.urls.target(url), { maxBytes: options.maxBytes, dispatcher: options.dispatcher, ...(signal ? { signal } : {}) }));
    },
    async derive(req) {
      derived ??= DerivedCache.load(options.projectDir);
      const cache = await derived;
      try {
        const out = await ensureDerived({ projectDir: options.projectDir, cache, mayReplace }, req);
        if (out.kind === 'made') written.add(req.target);
        return out;
      } finally {
        await cache.save();
      }
    },
    async remove(rel) {
      derived ??= DerivedCache.load(options.projectDir);
      const cache = await derived;
      await removeDerived({ projectDir: options.projectDir, cache }, rel);
      await cache.save();
    },
    async move(fromRel, toRel) {
      const from = await inside(options.projectDir, fromRel, 'read');
      if (!(await exists(from))) return false;
      const to = await inside(options.projectDir, toRel, 'write');
      await guard(toRel, to, () => sha256File(from));
      try {
        await rename(from, to);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw new DownloadError(describeDiskError(err, toRel), false, { cause: err });
        // Another device: copy beside the target, rename it into place (never a half file), then drop the original.
        const tmp = `${to}${TEMP_SUFFIX}`;
        await copyFile(from, tmp);
        await rename(tmp, to);
        await rm(from, { force: true });
      }
      written.add(toRel);
      return true;
    },
  };
}

/** Removes a project file (prune) without following a symlink out; missing files are fine. */
export async function removeProjectFile(projectDir: string, relPath: string): Promise<void> {
  await rm(await resolveInside(projectDir, relPath, { create: false }), { force: true });
}

/** resolveInside, with its failures as DownloadErrors that name the file and are never retried. */
async function inside(projectDir: string, relPath: string, mode: 'read' | 'write'): Promise<string> {
  try {
    return await resolveInside(projectDir, relPath, { create: mode === 'write' });
  } catch (err) {
    if (err instanceof UnsafePathError) throw new DownloadError(err.message, false, { cause: err });
    throw new DownloadError(describeDiskError(err, relPath), false, { cause: err });
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await lstat(p);
    return true;
  } catch {
    return false;
  }
}
