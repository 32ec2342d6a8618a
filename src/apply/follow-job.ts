/** Waits for one accepted job, downloads its files, and records the outcome in the lock. */
import { extname } from 'node:path/posix';
import type { Job } from '../api/wire.js';
import type { Asset } from '../model/manifest.js';
import type { LockedFile } from '../model/lock.js';
import { expectedPath } from '../plan/file-names.js';
import type { LockJournal } from './journal.js';
import type { ApplyApi, ApplyEvent, ApplyFiles } from './types.js';

const DEFAULT_EXT: Record<string, string> = { image: 'png', transparent_image: 'png', video: 'mp4', webm: 'webm', hevc: 'mov' };

/** Long-polls a job until it ends (the server holds each request until the job ends or its limit passes). */
export async function waitForJob(api: ApplyApi, jobId: string, signal: AbortSignal | undefined, onProgress: (job: Job) => void): Promise<Job> {
  for (;;) {
    const job = await api.getJob(jobId, { wait: true, signal });
    onProgress(job);
    if (job.status === 'completed' || job.status === 'failed') return job;
  }
}

/** Downloads every file a completed job produced and returns the lock's file records. */
export async function downloadJobFiles(
  asset: Asset,
  job: Job,
  files: ApplyFiles,
  signal: AbortSignal | undefined,
): Promise<Record<string, LockedFile>> {
  const out: Record<string, LockedFile> = {};
  const keys = Object.keys(job.urls).sort();
  await Promise.all(
    keys.map(async (key) => {
      const url = job.urls[key]!;
      const path = expectedPath(asset, key, extensionFor(key, url));
      const got = await files.download(url, path, { signal });
      out[key] = { asset_id: job.asset_ids[key] ?? '', url, path, bytes: got.bytes, sha256: got.sha256 };
    }),
  );
  return out;
}

/** Records a completed job: all files verified, then `completed` in the lock. */
export async function recordCompleted(journal: LockJournal, id: string, job: Job, files: Record<string, LockedFile>): Promise<void> {
  await journal.update((lock) => {
    const entry = lock.assets[id];
    if (!entry) return;
    entry.status = 'completed';
    entry.files = files;
    entry.item_id = job.item_id || entry.item_id;
    delete entry.error;
  });
}

/** Records a failed job: credits were refunded by the API. */
export async function recordFailed(journal: LockJournal, id: string, job: Job): Promise<void> {
  await journal.update((lock) => {
    const entry = lock.assets[id];
    if (!entry) return;
    entry.status = 'failed';
    entry.credits = 0;
    entry.error = { code: job.error?.code ?? 'job_failed', message: job.error?.message ?? 'the job failed' };
  });
}

/** File extension from a CDN URL, falling back to the key's usual format. */
export function extensionFor(key: string, url: string): string {
  let ext = '';
  try {
    ext = extname(new URL(url).pathname).slice(1).toLowerCase();
  } catch {
    ext = '';
  }
  return /^[a-z0-9]{1,5}$/.test(ext) ? ext : (DEFAULT_EXT[key] ?? 'bin');
}

/** Progress event of a job poll. */
export function jobEvent(id: string, job: Job): ApplyEvent {
  return { type: 'job', id, status: job.status, progress: job.progress };
}
