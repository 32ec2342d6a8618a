/** Credit prices of the API table: the one place that knows what a generation costs. */
import type { GenSpec } from './validate-generate.js';

const PER_SECOND = 5;

/** Credits a generation costs at submission (a transition's reverse is free). */
export function costOf(spec: GenSpec): number {
  switch (spec.kind) {
    case 'image':
    case 'edit':
      return 1;
    case 'animation':
      return 1 + PER_SECOND * spec.duration;
    case 'animate':
    case 'transition':
      return PER_SECOND * spec.duration;
    case 'logo':
      return 20;
    default: {
      const never: never = spec.kind;
      throw new Error(`unpriced kind ${String(never)}`);
    }
  }
}
