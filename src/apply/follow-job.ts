/** Waits for one accepted job, fills in the ids its answers left out, downloads its files, and records the outcome. */
import { extname } from 'node:path/posix';
import type { JobView } from '../api/views.js';
import { keepsKey, parseVariantKey } from '../manifest/variant-keys.js';
import type { Asset } from '../model/manifest.js';
import type { LockEntry, LockedFile } from '../model/lock.js';
import { expectedPath } from '../plan/file-names.js';
import type { LockJournal } from './journal.js';
import type { ApplyApi, ApplyEvent, ApplyFiles } from './types.js';

const DEFAULT_EXT: Record<string, string> = { image: 'png', transparent_image: 'png', video: 'mp4', webm: 'webm', hevc: 'mov' };

/** Long-polls a job until it ends (the server holds each request until the job ends or its limit passes). */
export async function waitForJob(api: ApplyApi, jobId: string, signal: AbortSignal | undefined, onProgress: (job: JobView) => void): Promise<JobView> {
  for (;;) {
    const job = await api.getJob(jobId, { wait: true, signal });
    onProgress(job);
    if (job.status === 'completed' || job.status === 'failed') return job;
  }
}

/** What a finished job produced, with every id the API could be brought to say. */
export interface Finished {
  itemId?: string;
  urls: Record<string, string>;
  assetIds: Record<string, string>;
}

/**
 * Merges what the job view says with what was recorded at submission, and looks up what neither
 * holds: the item id (from the job) and asset ids (from the item's files, matched by URL). An id
 * nobody gives stays absent; it is never invented.
 */
export async function finishedIds(api: ApplyApi, entry: LockEntry, job: JobView, signal?: AbortSignal): Promise<Finished> {
  const urls: Record<string, string> = {};
  const assetIds: Record<string, string> = {};
  for (const [key, f] of Object.entries(entry.files)) {
    urls[key] = f.url;
    if (f.asset_id) assetIds[key] = f.asset_id;
  }
  Object.assign(urls, job.urls);
  Object.assign(assetIds, job.assetIds);
  const itemId = job.itemId ?? entry.item_id;
  // A size variant's asset id is never needed (only an image's is, as a source): not looked up.
  const missing = Object.keys(urls).filter((k) => !assetIds[k] && parseVariantKey(k) === undefined);
  if (missing.length > 0 && itemId) {
    const item = await api.getItem(itemId, signal).catch(() => undefined);
    for (const key of missing) {
      const byUrl = item?.assets.find((a) => a.url !== undefined && a.url === urls[key]);
      const byJob = item?.assets.find((a) => a.key === key && a.jobId !== undefined && a.jobId === job.id);
      const found = byUrl ?? byJob;
      if (found) assetIds[key] = found.id;
    }
  }
  return { ...(itemId ? { itemId } : {}), urls, assetIds };
}

/** A download pass is repeated at most this often while some file turns out to be a placeholder. */
const PLACEHOLDER_PASSES = 5;

/**
 * Downloads every file of a finished job and returns the lock's file records. Files are fetched
 * together; when one of them proves to be a placeholder only once another URL served the same bytes
 * (the two files of a still, say), that one is fetched again before anything is recorded.
 */
export async function downloadJobFiles(
  asset: Asset,
  done: Finished,
  files: ApplyFiles,
  options: { signal?: AbortSignal; isPlaceholder?: (sha256: string, url: string) => boolean},
): Promise<Record<string, LockedFile>> {
  const out: Record<string, LockedFile> = {};
  // Size variants the manifest does not want (a server making more than asked) are not kept.
  let keys = Object.keys(done.urls).filter((k) => keepsKey(asset, k)).sort();
  for (let pass = 1; keys.length > 0; pass++) {
    await downloadKeys(asset, done, files, options, keys, out);
    const check = options.isPlaceholder;
    keys = check ? keys.filter((k) => check(out[k]!.sha256!, out[k]!.url)) : [];
    if (keys.length > 0 && pass >= PLACEHOLDER_PASSES) throw new Error(`${keys.map((k) => done.urls[k]).join(', ')} still serve a placeholder`);
  }
  return out;
}

async function downloadKeys(
  asset: Asset,
  done: Finished,
  files: ApplyFiles,
  options: { signal?: AbortSignal; isPlaceholder?: (sha256: string, url: string) => boolean},
  keys: string[],
  out: Record<string, LockedFile>,
): Promise<void> {
  await Promise.all(
    keys.map(async (key) => {
      const url = done.urls[key]!;
      const path = expectedPath(asset, key, extensionFor(key, url));
      const check = options.isPlaceholder;
      const got = await files.download(url, path, { ...(options.signal ? { signal: options.signal } : {}), ...(check ? { isPlaceholder: (sha: string) => check(sha, url) } : {}) });
      const file: LockedFile = { url, path, bytes: got.bytes, sha256: got.sha256 };
      const assetId = done.assetIds[key];
      if (assetId) file.asset_id = assetId;
      out[key] = file;
    }),
  );
}

/** Records a completed job: all files verified, then `completed` in the lock. */
export async function recordCompleted(journal: LockJournal, id: string, jobId: string, itemId: string, files: Record<string, LockedFile>): Promise<void> {
  await journal.update((lock) => {
    const entry = lock.assets[id];
    if (!entry) return;
    entry.status = 'completed';
    entry.files = files;
    entry.job_id = jobId;
    entry.item_id = itemId;
    // Its own item is never one it superseded (a job answer that named no item at first).
    if (entry.superseded_items) {
      entry.superseded_items = entry.superseded_items.filter((i) => i !== itemId);
      if (entry.superseded_items.length === 0) delete entry.superseded_items;
    }
    delete entry.error;
  }, { lazy: true });
}

/** Records a failed job: its credits were refunded by the API. */
export async function recordFailed(journal: LockJournal, id: string, job: JobView): Promise<void> {
  await journal.update((lock) => {
    const entry = lock.assets[id];
    if (!entry) return;
    entry.status = 'failed';
    entry.credits = 0;
    if (job.itemId && !entry.item_id) entry.item_id = job.itemId;
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
export function jobEvent(id: string, job: JobView): ApplyEvent {
  return { type: 'job', id, status: job.status, ...(job.progress !== undefined ? { progress: job.progress } : {}) };
}
