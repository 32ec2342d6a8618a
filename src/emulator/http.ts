/** Hono plumbing shared by the routes: the env type, body reading, and answers in the dialect's shape. */
import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';
import { parseJsonObject, type Obj } from './body.js';
import type { Core } from './core.js';
import type { ListName, ViewCtx } from './dialects/types.js';
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

/** What the dialect's views read, as of now. */
export function viewCtx(core: Core): ViewCtx {
  return { store: core.store, baseUrl: core.baseUrl, now: core.now() };
}

/** A JSON answer with a body the dialect built. */
export function reply(c: Ctx, body: unknown, status: 200 | 201 | 202 = 200): Response {
  return c.json(body as object, status);
}

/** One object in the dialect's shape. */
export function replyOne(c: Ctx, core: Core, view: unknown, status: 200 | 201 | 202 = 200): Response {
  return reply(c, core.dialect.single(view), status);
}

/** A list in the dialect's shape (paged where it pages). */
export function replyList<T>(c: Ctx, core: Core, name: ListName, all: readonly T[], toView: (x: T) => unknown): Response {
  return reply(c, core.dialect.list(name, all, toView, (k) => c.req.query(k)));
}
