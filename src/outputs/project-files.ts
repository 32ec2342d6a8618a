/** ApplyFiles for a project folder: safe paths, verified downloads with retries, moves. */
import { copyFile, rename, rm, stat } from 'node:fs/promises';
import pLimit from 'p-limit';
import type { Dispatcher } from 'undici';
import { defaultBackoff, retryDelay, sleep, type BackoffOptions } from '../api/backoff.js';
import type { ApplyFiles } from '../apply/types.js';
import { TEMP_SUFFIX } from '../lockfile/atomic-write.js';
import { DownloadError, downloadFile, probeUrl } from './download.js';
import { resolveInside } from './safe-path.js';
import { refuseUrl } from './url-policy.js';

export interface ProjectFilesOptions {
  projectDir: string;
  /** Hosts downloads may come from (see url-policy). */
  hosts: Set<string>;
  maxBytes: number;
  dispatcher?: Dispatcher;
  /** Attempts per download, the first included. */
  attempts?: number;
  /** Downloads in flight at once (bounds memory and leaves the disk free for lock writes). */
  concurrency?: number;
  backoff?: BackoffOptions;
  onRetry?: (info: { url: string; attempt: number; delayMs: number; error: Error }) => void;
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
  return {
    async download(url, relPath, opts = {}) {
      const refused = refuseUrl(url, options.hosts);
      if (refused) throw new DownloadError(`refusing to download: ${refused}`, false);
      const dest = await resolveInside(options.projectDir, relPath);
      for (let attempt = 1; ; attempt++) {
        try {
          return await limit(() =>
            downloadFile(url, {
              dest,
              maxBytes: options.maxBytes,
              expectedSha256: opts.expectedSha256,
              isPlaceholder: opts.isPlaceholder,
              dispatcher: options.dispatcher,
              signal: opts.signal,
            }),
          );
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
      const refused = refuseUrl(url, options.hosts);
      if (refused) throw new DownloadError(`refusing to download: ${refused}`, false);
      return limit(() => probeUrl(url, { maxBytes: options.maxBytes, dispatcher: options.dispatcher, signal }));
    },
    async move(fromRel, toRel) {
      const from = await resolveInside(options.projectDir, fromRel);
      const to = await resolveInside(options.projectDir, toRel);
      if (!(await exists(from))) return false;
      try {
        await rename(from, to);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
        // Another device: copy beside the target, rename it into place (never a half file), then drop the original.
        const tmp = `${to}${TEMP_SUFFIX}`;
        await copyFile(from, tmp);
        await rename(tmp, to);
        await rm(from, { force: true });
      }
      return true;
    },
  };
}

/** Removes a project file (prune); missing files are fine. */
export async function removeProjectFile(projectDir: string, relPath: string): Promise<void> {
  await rm(await resolveInside(projectDir, relPath), { force: true });
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}
