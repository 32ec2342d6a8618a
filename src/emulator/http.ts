/** Hono plumbing shared by the routes: the env type, body reading, pagination. */
import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';
import { parseJsonObject, queryInt, type Obj } from './body.js';
import type { AccountRec } from './state.js';

/** Hono env of the emulator app: Node bindings plus the authenticated account. */
export interface AppEnv {
  Bindings: HttpBindings;
  Variables: { account: AccountRec };
}
export type Ctx = Context<AppEnv>;

/** The request body as a JSON object (400 otherwise). */
export async function jsonBody(c: Ctx): Promise<Obj> {
  return parseJsonObject(await c.req.text());
}

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 100;

/** A page of `all` per `?limit=&offset=`, in the list envelope. */
export function paginated<T>(c: Ctx, all: T[]): Response {
  const limit = queryInt(c.req.query('limit'), 'limit', DEFAULT_LIMIT, 1, MAX_LIMIT);
  const offset = queryInt(c.req.query('offset'), 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
  const data = all.slice(offset, offset + limit);
  return c.json({ data, meta: { pagination: { total: all.length, limit, offset, has_more: offset + data.length < all.length } } });
}
