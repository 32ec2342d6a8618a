/**
 * The collection's reference images (`collection.references`, at most 6): attached when the
 * collection is created (`reference_asset_ids`), and afterwards kept equal to the manifest's list by
 * removing (DELETE …/references/:asset_id) then adding (POST …/references {asset_id}), all free.
 * masko.lock's `references` records what is attached (source → asset id), after each change.
 *
 * A change whose answer is lost is settled by reading the collection (GET /v1/collections/:id lists
 * `reference_asset_ids`): attached or not, it is known before anything is sent again. A server whose
 * detail does not list them gets the request again (attaching the same image twice is refused at worst).
 */
import { ApiError, UnreadableAnswerError, outcomeUnknown } from '../api/errors.js';
import type { CollectionView } from '../api/views.js';
import { sourceKey } from '../manifest/image-source.js';
import type { Lockfile } from '../model/lock.js';
import type { Manifest } from '../model/manifest.js';
import type { LockJournal } from './journal.js';
import type { ApplyEvent } from './types.js';

/** Attempts per change when its outcome is unknown. */
const ATTEMPTS = 3;

/** The API calls reference changes make (MaskoClient satisfies it). */
export interface ReferenceApi {
  getCollection(id: string, signal?: AbortSignal): Promise<CollectionView>;
  addReference(collectionId: string, assetId: string, signal?: AbortSignal): Promise<void>;
  removeReference(collectionId: string, assetId: string, signal?: AbortSignal): Promise<void>;
}

/**
 * The references a collection is created with: the uploaded asset ids of `collection.references`
 * (uploads run first), and the lock record to write once it exists. Empty for a collection by id.
 */
export function creationReferences(manifest: Manifest, lock: Lockfile): { ids: string[]; record: Record<string, string> } {
  const spec = manifest.collection;
  const record: Record<string, string> = {};
  if (spec.kind !== 'define') return { ids: [], record };
  for (const r of spec.references ?? []) {
    const id = lock.uploads?.[sourceKey(r)]?.asset_id;
    if (id) record[sourceKey(r)] = id;
  }
  return { ids: Object.values(record), record };
}

/** What syncReferences did; `errors` are failures of the run (exit 1), the rest is done and recorded. */
export interface ReferencesResult {
  added: string[];
  removed: string[];
  errors: string[];
}

/** Makes the collection's references match the manifest (a collection given by id is left alone). */
export async function syncReferences(manifest: Manifest, journal: LockJournal, api: ReferenceApi, collectionId: string, options: { signal?: AbortSignal; onEvent?: (e: ApplyEvent) => void } = {}): Promise<ReferencesResult> {
  const result: ReferencesResult = { added: [], removed: [], errors: [] };
  const spec = manifest.collection;
  if (spec.kind !== 'define') return result;
  const wanted = new Map<string, string | undefined>((spec.references ?? []).map((r) => [sourceKey(r), journal.lock.uploads?.[sourceKey(r)]?.asset_id]));
  const attached = { ...(journal.lock.references ?? {}) };
  // A reference whose new upload failed stays attached until it can be replaced.
  const removals = Object.entries(attached).filter(([key, id]) => !(wanted.has(key) && wanted.get(key) === undefined) && wanted.get(key) !== id);
  const additions = [...wanted].filter(([key, id]) => id !== undefined && attached[key] !== id) as Array<[string, string]>;
  const record = (change: (refs: Record<string, string>) => void) =>
    journal.update((lock) => {
      const refs = (lock.references ??= {});
      change(refs);
      if (Object.keys(refs).length === 0) delete lock.references;
    });
  // Removals first: the collection never holds more than 6.
  for (const [key, assetId] of removals) {
    try {
      await settled(() => api.removeReference(collectionId, assetId, options.signal), async () => {
        const now = await listed(api, collectionId, options.signal);
        return now !== undefined && !now.includes(assetId);
      });
    } catch (err) {
      // Gone already (removed by hand, or by a lost answer of ours): that is what was asked.
      if (!(err instanceof ApiError && err.status === 404)) {
        result.errors.push(`reference ${key} could not be removed from the collection: ${(err as Error).message}; masko.lock still records it and the next sync tries again`);
        continue;
      }
    }
    await record((refs) => void delete refs[key]);
    result.removed.push(key);
    options.onEvent?.({ type: 'reference_removed', source: key, asset_id: assetId });
  }
  for (const [key, assetId] of additions) {
    try {
      await settled(() => api.addReference(collectionId, assetId, options.signal), async () => (await listed(api, collectionId, options.signal))?.includes(assetId) ?? false);
    } catch (err) {
      result.errors.push(`reference ${key} could not be added to the collection: ${(err as Error).message}; the next sync tries again`);
      continue;
    }
    await record((refs) => void (refs[key] = assetId));
    result.added.push(key);
    options.onEvent?.({ type: 'reference_added', source: key, asset_id: assetId });
  }
  return result;
}

/** The collection's attached references, or undefined when its detail does not list them. */
async function listed(api: ReferenceApi, collectionId: string, signal?: AbortSignal): Promise<string[] | undefined> {
  return (await api.getCollection(collectionId, signal)).referenceAssetIds;
}

/** Runs a change; when its outcome is unknown, `done()` asks the server whether it happened before trying again. */
async function settled(change: () => Promise<void>, done: () => Promise<boolean>): Promise<void> {
  for (let n = 1; ; n++) {
    try {
      return await change();
    } catch (err) {
      const unknown = outcomeUnknown(err) || err instanceof UnreadableAnswerError;
      if (!unknown || n >= ATTEMPTS) throw err;
      if (await done()) return;
    }
  }
}
