/**
 * `moved: { old: new }`: the lock entry of an old asset id becomes the new id's, before anything is
 * planned, so a renamed asset keeps its generation for free (its files are then relocated to the new
 * id's names and, when its name came from the id, its item renamed). Pure: a new lock is returned.
 */
import type { Lockfile } from '../model/lock.js';
import type { Manifest } from '../model/manifest.js';

/** One move applied to a lock. */
export interface AppliedMove {
  from: string;
  to: string;
}

/**
 * Applies every move whose old id is in the lock and whose new id is not (a move already done, or
 * one whose new id has its own entry, changes nothing: the old entry then stays an orphan).
 */
export function applyMoves(manifest: Manifest, lock: Lockfile): { lock: Lockfile; moves: AppliedMove[] };
export function applyMoves(manifest: Manifest, lock: Lockfile | undefined): { lock: Lockfile | undefined; moves: AppliedMove[] };
export function applyMoves(manifest: Manifest, lock: Lockfile | undefined): { lock: Lockfile | undefined; moves: AppliedMove[] } {
  const moved = manifest.moved;
  if (!lock || !moved) return { lock, moves: [] };
  const has = (id: string) => Object.hasOwn(lock.assets, id);
  const moves = Object.entries(moved)
    .filter(([from, to]) => has(from) && !has(to) && Object.hasOwn(manifest.assets, to) && !Object.hasOwn(manifest.assets, from))
    .map(([from, to]) => ({ from, to }));
  if (moves.length === 0) return { lock, moves };
  // Same prototype-free map as a parsed lock (ids like "constructor" are valid).
  const assets = Object.assign(Object.create(null) as Lockfile['assets'], lock.assets);
  const renamed = new Map(moves.map((m) => [m.from, m.to]));
  for (const { from, to } of moves) {
    assets[to] = assets[from]!;
    delete assets[from];
  }
  // A reverse clip names its transition: it follows the transition's move.
  for (const [id, entry] of Object.entries(assets)) {
    const parent = entry.reverse_of;
    if (parent !== undefined && renamed.has(parent)) assets[id] = { ...entry, reverse_of: renamed.get(parent)! };
  }
  return { lock: { ...lock, assets }, moves };
}
