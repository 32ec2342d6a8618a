/**
 * Items a lock entry leaves behind when it is replaced: a regenerated transition's new reverse clip
 * is made on a new item (the API has no way to regenerate a reverse into its old one), and a
 * regeneration into another collection makes a new item too. The old item ids are kept in the
 * entry's `superseded_items`, so that `prune --remote` can archive them; nothing else names them.
 */
import type { LockEntry } from '../model/lock.js';

/** `next` with the superseded items of `previous` carried over, plus `previous`'s own item when `next` is on another one. */
export function carrySuperseded(previous: LockEntry | undefined, next: LockEntry): LockEntry {
  const items = new Set(previous?.superseded_items ?? []);
  const old = previous?.item_id;
  // A pending reverse clip has no item yet, but it is always a new one; another kind without an item id yet may still be the same item.
  const moved = old !== undefined && old !== next.item_id && (next.item_id !== undefined || next.type === 'reverse');
  if (moved) items.add(old);
  if (next.item_id !== undefined) items.delete(next.item_id);
  if (items.size === 0) return next;
  return { ...next, superseded_items: [...items].sort() };
}
