/** Deterministic variation: every "random" choice in the renderer derives from a hash of its inputs. */
import { createHash } from 'node:crypto';

/** A 32-bit unsigned hash of the given strings (sha256-based, stable across platforms). */
export function hash32(...parts: string[]): number {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\u0000');
  return h.digest().readUInt32BE(0);
}

/** A tiny seeded generator (mulberry32) for choices that need more than one number. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
