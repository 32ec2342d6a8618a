/**
 * Uploads (free) the files and URLs that the plan's generations and new collection references are
 * made from, before anything is submitted, and records each in masko.lock's `uploads` with the
 * sha256 of the bytes sent. A file whose bytes match its locked upload is not sent again.
 *
 * An upload whose answer is lost is sent again, at most UPLOAD_ATTEMPTS times in all: the API has no
 * way to list uploads (so nothing can be looked up), and an upload costs nothing; the worst a lost
 * answer leaves is one unused asset in the account. Nothing is generated from an upload not recorded.
 */
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { ApiError, UnreadableAnswerError, outcomeUnknown } from '../api/errors.js';
import { uploadProblem } from '../api/upload-check.js';
import type { UploadView } from '../api/views.js';
import { describeSource, sourceKey } from '../manifest/image-source.js';
import type { Lockfile } from '../model/lock.js';
import type { ImageSource, Manifest } from '../model/manifest.js';
import type { Plan } from '../model/plan.js';
import { imageSourcesOf } from '../plan/life-reasons.js';
import type { LockJournal } from './journal.js';
import type { ApplyEvent } from './types.js';

/** Attempts per upload when the outcome is unknown (a timeout, a reset, an unreadable answer). */
export const UPLOAD_ATTEMPTS = 3;

/** The API calls uploads make (MaskoClient satisfies it). */
export interface UploadApi {
  uploadFile(bytes: Uint8Array, filename: string, signal?: AbortSignal): Promise<UploadView>;
  uploadUrl(url: string, signal?: AbortSignal): Promise<UploadView>;
}

export interface UploadOptions {
  api: UploadApi;
  /** The bytes of a project file (regular files inside the project only: the outputs adapter's reader). */
  readFile: (relPath: string) => Promise<Uint8Array>;
  signal?: AbortSignal;
  onEvent?: (event: ApplyEvent) => void;
}

/** What ensureUploads did: sources uploaded, and the ones that could not be (their dependants then fail, unpaid). */
export interface UploadsResult {
  uploaded: string[];
  failed: Array<{ source: string; code: string; message: string }>;
  /** Failures no asset of the plan reports (a reference image's): errors of the run. */
  errors: string[];
}

/** Uploads what the plan needs and masko.lock does not hold yet; drops upload records no manifest field uses any more. */
export async function ensureUploads(plan: Plan, manifest: Manifest, journal: LockJournal, options: UploadOptions): Promise<UploadsResult> {
  const result: UploadsResult = { uploaded: [], failed: [], errors: [] };
  for (const source of neededSources(plan, manifest)) {
    if (options.signal?.aborted) break;
    const key = sourceKey(source);
    try {
      const done = await uploadOne(source, journal.lock, options);
      if (!done) continue;
      await journal.update((lock) => void ((lock.uploads ??= {})[key] = done.record));
      result.uploaded.push(key);
      options.onEvent?.({ type: 'uploaded', source: key, asset_id: done.record.asset_id, ...(done.record.bytes !== undefined ? { bytes: done.record.bytes } : {}) });
    } catch (err) {
      if (options.signal?.aborted) break;
      const code = err instanceof ApiError ? err.code : 'upload_failed';
      const message = `${describeSource(source)} could not be uploaded: ${(err as Error).message}`;
      result.failed.push({ source: key, code, message });
      // An asset made from it fails unpaid and says so; a reference alone has nobody to say it.
      if (!generatingUsers(plan, manifest).has(key)) result.errors.push(message);
      options.onEvent?.({ type: 'upload_failed', source: key, code, message });
    }
  }
  const used = new Set(allSources(manifest).map(sourceKey));
  const stale = Object.keys(journal.lock.uploads ?? {}).filter((k) => !used.has(k));
  if (stale.length > 0) {
    await journal.update((lock) => {
      for (const k of stale) delete lock.uploads![k];
      if (Object.keys(lock.uploads!).length === 0) delete lock.uploads;
    });
  }
  return result;
}

/** The asset id a generation sends for a file or URL source (its locked upload). */
export function uploadedAssetId(lock: Lockfile, source: ImageSource): string {
  const id = lock.uploads?.[sourceKey(source)]?.asset_id;
  if (!id) throw new Error(`${describeSource(source)} has not been uploaded (masko.lock records no upload of it; see the upload failure above); nothing was sent for it`);
  return id;
}

/** Why an imported asset without its prompts cannot be generated. */
export function importedMessage(id: string): string {
  return `"${id}" is imported (marked \`imported: true\`): what made it is unknown, so it cannot be generated. Write its prompts and remove \`imported: true\`, or run \`masko-sync import\` again to adopt the item`;
}

/** Sources of the plan's generations and of the reference images it adds, in plan order, unique. */
function neededSources(plan: Plan, manifest: Manifest): ImageSource[] {
  const out = new Map<string, ImageSource>();
  const add = (s: ImageSource) => out.has(sourceKey(s)) || out.set(sourceKey(s), s);
  const added = new Set((plan.references ?? []).filter((r) => r.action === 'add').map((r) => r.source));
  if (manifest.collection.kind === 'define') for (const r of manifest.collection.references ?? []) if (added.has(sourceKey(r))) add(r);
  for (const step of plan.waves.flat()) {
    if (step.action !== 'create' && step.action !== 'regenerate') continue;
    const asset = Object.hasOwn(manifest.assets, step.id) ? manifest.assets[step.id] : undefined;
    if (asset) imageSourcesOf(asset).forEach(add);
  }
  return [...out.values()];
}

/** Sources some generation of the plan is made from. */
function generatingUsers(plan: Plan, manifest: Manifest): Set<string> {
  const out = new Set<string>();
  for (const step of plan.waves.flat()) {
    const asset = Object.hasOwn(manifest.assets, step.id) ? manifest.assets[step.id] : undefined;
    if (asset && (step.action === 'create' || step.action === 'regenerate')) for (const s of imageSourcesOf(asset)) out.add(sourceKey(s));
  }
  return out;
}

function allSources(manifest: Manifest): ImageSource[] {
  const refs = manifest.collection.kind === 'define' ? (manifest.collection.references ?? []) : [];
  return [...refs, ...Object.values(manifest.assets).flatMap(imageSourcesOf)];
}

/** Uploads one source unless its locked upload is current; the record to write, or undefined when nothing was sent. */
async function uploadOne(source: ImageSource, lock: Lockfile, options: UploadOptions): Promise<{ record: { asset_id: string; sha256?: string; bytes?: number } } | undefined> {
  const locked = lock.uploads?.[sourceKey(source)];
  if (source.kind === 'url') {
    if (locked) return undefined;
    const got = await attempt(() => options.api.uploadUrl(source.url, options.signal));
    return { record: { asset_id: got.assetId } };
  }
  const bytes = await options.readFile(source.path);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (locked?.sha256 === sha256) return undefined;
  // Checked again here: the file may have changed since the project was loaded.
  const problem = uploadProblem(bytes);
  if (problem) throw new Error(`it ${problem.message}; nothing was sent`);
  const got = await attempt(() => options.api.uploadFile(bytes, posix.basename(source.path), options.signal));
  return { record: { asset_id: got.assetId, sha256, bytes: bytes.length } };
}

/** Sends again while the outcome is unknown (free, see the header); a clear answer ends it. */
async function attempt(send: () => Promise<UploadView>): Promise<UploadView> {
  for (let n = 1; ; n++) {
    try {
      return await send();
    } catch (err) {
      // A 2xx without an asset id was accepted too, uselessly: sending again is as free.
      if (n >= UPLOAD_ATTEMPTS || !(outcomeUnknown(err) || err instanceof UnreadableAnswerError)) throw err;
    }
  }
}
