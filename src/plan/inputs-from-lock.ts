/** Fingerprint inputs as the applier records them, once every upstream is in the lock (pure). */
import type { Asset } from '../model/manifest.js';
import type { Lockfile } from '../model/lock.js';
import { fingerprintInputs, fingerprintOf, type UpstreamRef } from './fingerprint.js';

/**
 * The inputs and fingerprint to record in `asset`'s lock entry when it is submitted: local
 * upstreams contribute their locked `image` asset id; a reverse clip, its transition's locked
 * fingerprint. Throws when an upstream is not in the lock yet (submitting it then would be a bug).
 */
export function inputsFromLock(
  asset: Asset,
  collection: string,
  lock: Lockfile,
): { inputs: Record<string, unknown>; fingerprint: string } {
  const upstream = (id: string): UpstreamRef => {
    const entry = Object.hasOwn(lock.assets, id) ? lock.assets[id] : undefined;
    if (asset.kind === 'reverse') {
      if (!entry) throw new Error(`reverse ${asset.id}: its transition ${id} is not in the lock`);
      return { fingerprint: entry.fingerprint };
    }
    const image = entry?.files['image']?.asset_id;
    if (!image) throw new Error(`${asset.id}: upstream ${id} has no image asset id in the lock yet`);
    return { asset_id: image };
  };
  // An uploaded file enters with the sha256 of the bytes that were uploaded.
  const inputs = fingerprintInputs(asset, { collection, upstream, fileSha256: (path) => lock.uploads?.[path]?.sha256 });
  return { inputs, fingerprint: fingerprintOf(inputs) };
}
