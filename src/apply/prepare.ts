/** An asset's request and fingerprint, computed from what its upstreams actually produced. */
import type { Asset, AssetRef, Manifest } from '../model/manifest.js';
import type { LockEntry, Lockfile } from '../model/lock.js';
import { fingerprintInputs, fingerprintOf } from '../plan/fingerprint.js';
import { inputsFromLock } from '../plan/inputs-from-lock.js';
import { importedMessage, uploadedAssetId } from './uploads.js';
import { requestBody } from './request-body.js';
import type { ApplyOptions } from './types.js';

/** One asset ready to be sent. */
export interface Prepared {
  id: string;
  asset: Asset;
  body: ReturnType<typeof requestBody>;
  inputs: Record<string, unknown>;
  fingerprint: string;
  previous?: LockEntry;
  reverse?: { id: string; asset: Asset; inputs: Record<string, unknown>; fingerprint: string };
}

/** Builds the request of `asset`; upstream image ids and items come from the lock as it stands now. */
export async function prepareItem(asset: Asset, manifest: Manifest, lock: Lockfile, options: Pick<ApplyOptions, 'api' | 'collection' | 'signal'>): Promise<Prepared> {
  const id = asset.id;
  const previous = lock.assets[id];
  const imageId = (uid: string): string => {
    const image = lock.assets[uid]?.files.image?.asset_id;
    if (!image) throw new Error(`"${id}" needs the image of "${uid}", whose asset id the API has not given (masko.lock records none)`);
    return image;
  };
  const imageOf = (ref: AssetRef) => (ref.kind === 'external' ? ref.assetId : ref.kind === 'local' ? imageId(ref.id) : uploadedAssetId(lock, ref));
  if (asset.imported) throw new Error(importedMessage(asset.id));
  // The same inputs the planner expects to find in the lock once upstreams are recorded.
  const { inputs, fingerprint } = inputsFromLock(asset, options.collection, lock);
  let editItemId: string | undefined;
  if (asset.kind === 'edit') {
    const source = asset.source;
    editItemId = source.kind === 'local'
      ? lock.assets[source.id]?.item_id
      : source.kind === 'external'
        ? (await options.api.getAsset(source.assetId, options.signal)).itemId
        : undefined;
  }
  // Regenerate into the same item, unless the collection changed: the old item belongs to another one.
  const sameCollection = previous?.inputs.collection === options.collection;
  const previousItemId = asset.kind !== 'edit' && sameCollection && previous?.item_id ? previous.item_id : undefined;
  const body = requestBody(asset, { imageOf, previousItemId, editItemId });
  let reverse: Prepared['reverse'];
  if (asset.kind === 'transition' && asset.reverse) {
    const rAsset = manifest.assets[asset.reverse.id]!;
    // A reverse clip's fingerprint follows its transition's.
    const rInputs = fingerprintInputs(rAsset, { collection: options.collection, upstream: () => ({ fingerprint }) });
    reverse = { id: rAsset.id, asset: rAsset, inputs: rInputs, fingerprint: fingerprintOf(rInputs) };
  }
  return { id, asset, body, inputs, fingerprint, previous, reverse };
}
