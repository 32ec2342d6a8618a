/** Lock records of a submission: the `inflight` batch written before sending, and the `pending` entries its jobs become. */
import { posix } from 'node:path';
import type { GenerateRequest } from '../api/wire.js';
import type { Asset } from '../model/manifest.js';
import type { InflightBatch, InflightItem, LockEntry, LockedFile, Lockfile } from '../model/lock.js';
import { fileNameFor } from '../plan/file-names.js';
import { extensionFor } from './follow-job.js';

/** One item of a batch about to be sent. */
export function inflightItem(
  asset: Asset,
  fingerprint: string,
  inputs: Record<string, unknown>,
  request: GenerateRequest,
  reverse?: { asset: Asset; fingerprint: string; inputs: Record<string, unknown> },
): InflightItem {
  return {
    id: asset.id,
    type: asset.kind,
    name: asset.name,
    dir: asset.outputDir,
    fingerprint,
    inputs,
    request: sortKeys(request as unknown as Record<string, unknown>),
    ...(reverse ? { reverse: { id: reverse.asset.id, name: reverse.asset.name, dir: reverse.asset.outputDir, fingerprint: reverse.fingerprint, inputs: reverse.inputs } } : {}),
  };
}

/** The request bodies of a written-down batch, in order. */
export function requests(items: InflightItem[]): GenerateRequest[] {
  return items.map((i) => i.request as unknown as GenerateRequest);
}

/** What the API told (or was asked) about one accepted job; any id may be missing. */
export interface Accepted {
  jobId?: string;
  itemId?: string;
  credits: number;
  assetIds: Record<string, string>;
  urls: Record<string, string>;
}

/** The `pending` entry of an accepted job: no id is written that the API did not give. */
export function pendingEntry(type: LockEntry['type'], item: { id: string; name: string; dir: string; fingerprint: string; inputs: Record<string, unknown> }, got: Accepted): LockEntry {
  const entry: LockEntry = { type, name: item.name, fingerprint: item.fingerprint, inputs: item.inputs, status: 'pending', credits: got.credits, files: filesOf(item.id, item.dir, got) };
  if (got.jobId) entry.job_id = got.jobId;
  if (got.itemId) entry.item_id = got.itemId;
  return entry;
}

/** File records for the URLs a job has: the path each will be downloaded to, and the asset id when known. */
export function filesOf(id: string, dir: string, got: { assetIds: Record<string, string>; urls: Record<string, string> }): Record<string, LockedFile> {
  const files: Record<string, LockedFile> = {};
  for (const key of Object.keys(got.urls).sort()) {
    const url = got.urls[key]!;
    // The path the file will be downloaded to: the lock schema requires one, and the index shows it.
    const file: LockedFile = { url, path: posix.join(dir, fileNameFor(id, key, extensionFor(key, url))) };
    const assetId = got.assetIds[key];
    if (assetId) file.asset_id = assetId;
    files[key] = file;
  }
  return files;
}

/** Writes a batch into `inflight` before it is sent. */
export function writeInflight(lock: Lockfile, key: string, batch: InflightBatch): void {
  (lock.inflight ??= {})[key] = batch;
}

/**
 * Removes settled items from a written-down batch (all of them by default), and the batch and
 * `inflight` itself once empty: a finished run leaves none.
 */
export function dropInflight(lock: Lockfile, key: string, ids?: readonly string[]): void {
  const batch = lock.inflight?.[key];
  if (!batch) return;
  if (ids) batch.items = batch.items.filter((i) => !ids.includes(i.id));
  if (!ids || batch.items.length === 0) delete lock.inflight![key];
  if (Object.keys(lock.inflight!).length === 0) delete lock.inflight;
}

/** The same object with keys in code-point order, so the request stored and the request sent are one. */
function sortKeys(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
}
