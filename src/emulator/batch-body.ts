/** The list of a generate-batch body, under the key(s) the dialect accepts. */
import { rejectExtraWith, type Obj } from './body.js';
import type { BatchKey } from './dialects/types.js';
import { badField } from './errors.js';

const ALL_KEYS: readonly string[] = ['items', 'requests'] satisfies BatchKey[];
export const MAX_BATCH = 10;

/** The generate bodies of a batch and the key they came under; 400 naming the field otherwise. */
export function batchList(body: Obj, keys: readonly BatchKey[]): { field: BatchKey; list: unknown[] } {
  const [first, alias] = keys as [BatchKey, BatchKey | undefined];
  // The other spelling is named as such, so the message says which one this server takes.
  rejectExtraWith(body, keys, (k) => (ALL_KEYS.includes(k) ? `unknown field (use ${first})` : 'unknown field for this request'));
  if (alias !== undefined && body[first] !== undefined && body[alias] !== undefined) {
    throw badField(alias, `send either ${first} or ${alias} (an alias), not both`);
  }
  const field = alias !== undefined && body[alias] !== undefined ? alias : first;
  const list = body[field];
  if (list === undefined) throw badField(first, 'is required');
  if (!Array.isArray(list)) throw badField(field, 'must be an array of generate bodies');
  if (list.length < 1 || list.length > MAX_BATCH) throw badField(field, `must hold 1–${MAX_BATCH} generations, got ${list.length}`);
  return { field, list };
}
