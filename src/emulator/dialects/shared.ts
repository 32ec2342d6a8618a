/** Presentation pieces several dialects share: the `{data, meta}` envelope and its pagination. */
import { queryInt } from '../body.js';
import type { Query } from './types.js';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 100;

/** `{data}`. */
export function enveloped(view: unknown): unknown {
  return { data: view };
}

/** A page of `all` per `?limit=&offset=` (views built for that page only), in the list envelope. */
export function paginate<T>(all: readonly T[], toView: (x: T) => unknown, query: Query): unknown {
  const limit = queryInt(query('limit'), 'limit', DEFAULT_LIMIT, 1, MAX_LIMIT);
  const offset = queryInt(query('offset'), 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
  const page = all.slice(offset, offset + limit);
  return { data: page.map(toView), meta: { pagination: { total: all.length, limit, offset, has_more: offset + page.length < all.length } } };
}

/** A copy of `o` without the named keys. */
export function omit<T extends object, K extends keyof T>(o: T, ...keys: K[]): Omit<T, K> {
  const out = { ...o };
  for (const k of keys) delete out[k];
  return out;
}
