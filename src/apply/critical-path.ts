/**
 * How urgent each submission is: the expected time from submitting an asset to the end of the
 * longest chain of generations that waits on it (its "tail"). Under a rate limit the run sends the
 * longest tails first and keeps requests free for them, so that leaves with time to spare wait
 * instead of the chains that decide when the run ends.
 */
import type { AssetKind } from '../model/manifest.js';

/**
 * Typical generation times (seconds): stills take seconds, clips a minute or more. Only their
 * proportions matter here; they rank work and never time anything.
 */
const EXPECTED_S: Record<AssetKind, number> = { image: 8, edit: 5, logo: 10, animation: 60, animate: 60, transition: 45, reverse: 0 };

/** The expected seconds of one generation. */
export function expectedSeconds(kind: AssetKind): number {
  return EXPECTED_S[kind];
}

/**
 * Tails of the assets to submit: `kindOf(id)` for each, `dependants(id)` those waiting on it. An
 * asset's tail is its own expected time plus the longest tail among its dependants to submit.
 */
export function tails(ids: Iterable<string>, kindOf: (id: string) => AssetKind | undefined, dependants: (id: string) => readonly string[]): Map<string, number> {
  const wanted = new Set(ids);
  const out = new Map<string, number>();
  const visit = (id: string, depth: number): number => {
    const known = out.get(id);
    if (known !== undefined) return known;
    const kind = kindOf(id);
    // The plan is acyclic; the depth guard only keeps a broken input from recursing forever.
    let longest = 0;
    if (depth < 1000) for (const d of dependants(id)) if (wanted.has(d)) longest = Math.max(longest, visit(d, depth + 1));
    const tail = (kind ? EXPECTED_S[kind] : 0) + longest;
    out.set(id, tail);
    return tail;
  };
  for (const id of wanted) visit(id, 0);
  return out;
}
