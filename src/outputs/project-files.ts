/** ApplyFiles for a project folder: safe paths, verified downloads with retries, moves. */
import { lstat, rename, rm } from 'node:fs/promises';
import pLimit from 'p-limit';
import type { Agent } from 'undici';
import { defaultBackoff, retryDelay, sleep, type BackoffOptions } from '../api/backoff.js';
import type { ApplyFiles } from '../apply/types.js';
import { DownloadError, downloadFile } from './download.js';
import { resolveInside } from './safe-path.js';
import type { DownloadPolicy } from './url-policy.js';

export interface ProjectFilesOptions {
  projectDir: string;
  /** Which URLs may be downloaded, and from where (see url-policy). */
  urls: DownloadPolicy;
  maxBytes: number;
  dispatcher?: Agent;
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
      const refused = options.urls.refuse(url);
      if (refused) throw new DownloadError(`refusing to download: ${refused}`, false);
      const from = options.urls.target(url);
      const dest = await resolveInside(options.projectDir, relPath);
      for (let attempt = 1; ; attempt++) {
        try {
          return await limit(() =>
            downloadFile(from, {
              dest,
              maxBytes: options.maxBytes,
              expectedSha256: opts.expectedSha256,
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
    async move(fromRel, toRel) {
      const from = await resolveInside(options.projectDir, fromRel, { create: false });
      const to = await resolveInside(options.projectDir, toRel);
      if (!(await exists(from))) return false;
      try {
        await rename(from, to);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
        // A different device: fs-extra copies then removes (loaded only here: it is slow to import).
        const { default: fse } = await import('fs-extra');
        await fse.move(from, to, { overwrite: true });
      }
      return true;
    },
  };
}

/** Removes a project file (prune); missing files are fine. */
export async function removeProjectFile(projectDir: string, relPath: string): Promise<void> {
  await rm(await resolveInside(projectDir, relPath, { create: false }), { force: true });
}

async function exists(p: string): Promise<boolean> {
  try {
    await lstat(p);
    return true;
  } catch {
    return false;
  }
}
