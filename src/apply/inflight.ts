/** The lock's `inflight` record of a batch, and the pending entries its answer becomes. */
import { posix } from 'node:path';
import type { BatchResult, GenerateRequest } from '../api/wire.js';
import type { Asset } from '../model/manifest.js';
import type { InflightItem, LockEntry, Lockfile } from '../model/lock.js';
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

/** Writes the answer of an accepted batch into the lock: one `pending` entry per job, reverse clips included. */
export function recordAccepted(lock: Lockfile, key: string, items: InflightItem[], res: BatchResult): void {
  dropInflight(lock, key);
  res.jobs.forEach((job, i) => {
    const item = items[i]!;
    lock.assets[item.id] = pending(item.type, item, job.job_id, job.item_id, job.cost_credits, job.asset_ids, job.urls);
    if (item.reverse && job.reverse_job) {
      const r = job.reverse_job;
      lock.assets[item.reverse.id] = { ...pending('reverse', item.reverse, r.job_id, r.item_id, r.cost_credits, r.asset_ids, r.urls), reverse_of: item.id };
    }
  });
}

/** Removes a batch from `inflight`, and `inflight` itself once empty (a finished run leaves none). */
export function dropInflight(lock: Lockfile, key: string): void {
  if (!lock.inflight) return;
  delete lock.inflight[key];
  if (Object.keys(lock.inflight).length === 0) delete lock.inflight;
}

function pending(
  type: LockEntry['type'],
  item: { id: string; name: string; dir: string; fingerprint: string; inputs: Record<string, unknown> },
  jobId: string,
  itemId: string,
  credits: number,
  assetIds: Record<string, string>,
  urls: Record<string, string>,
): LockEntry {
  const files: LockEntry['files'] = {};
  for (const key of Object.keys(urls).sort()) {
    // The path the file will be downloaded to: the lock schema requires one, and the index shows it.
    const path = posix.join(item.dir, fileNameFor(item.id, key, extensionFor(key, urls[key]!)));
    files[key] = { asset_id: assetIds[key] ?? '', url: urls[key]!, path };
  }
  return { type, name: item.name, fingerprint: item.fingerprint, inputs: item.inputs, item_id: itemId, job_id: jobId, status: 'pending', credits, files };
}

/** The same object with keys in code-point order, so the request stored and the request sent are one. */
function sortKeys(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
}
