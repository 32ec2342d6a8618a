/** Credit estimates at the documented prices (pure). */
import type { Asset } from '../model/manifest.js';

/** Credits one generation of this asset costs: image 1; animation 1 + 5/s; animate and transition 5/s; reverse 0; edit 1; logo 20. */
export function estimateCredits(asset: Asset): number {
  switch (asset.kind) {
    case 'image':
      return 1;
    case 'animation':
      return 1 + 5 * asset.duration;
    case 'animate':
    case 'transition':
      return 5 * asset.duration;
    case 'reverse':
      return 0;
    case 'edit':
      return 1;
    case 'logo':
      return 20;
    default: {
      const never: never = asset;
      throw new Error(`unknown asset kind: ${JSON.stringify(never)}`);
    }
  }
}
