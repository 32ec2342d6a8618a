/**
 * Settling an unknown outcome by asking the server what exists, never by sending again on the
 * strength of an idempotency key the server may ignore: the collection's jobs (and, where jobs do
 * not name their item, its items) are matched to the requests that were written down.
 */
import type { JobView } from '../api/views.js';
import type { GenerateRequest } from '../api/wire.js';
import type { Lockfile } from '../model/lock.js';
import type { ApplyApi } from './types.js';

/** How far a server's clock may be behind ours when nothing says: jobs created this long before sending still count. */
export const CLOCK_SKEW_MS = 5 * 60_000;
/** The margin once the server's own clock is known from its `Date` headers (1 s resolution, plus transit). */
export const KNOWN_CLOCK_SKEW_MS = 2_000;

/** A request whose fate is being settled. */
export interface SettleRequest {
  /** The asset id it was sent for. */
  id: string;
  body: GenerateRequest;
}

export type Match = { kind: 'matched'; job: JobView } | { kind: 'none' } | { kind: 'ambiguous'; candidates: JobView[] };

/** What matching needs besides the jobs. */
export interface MatchContext {
  /** Job ids the lock already records: they belong to other submissions. */
  claimedJobs: ReadonlySet<string>;
  /** Item ids the lock already records: a request without `item_id` made a new item, never one of these. */
  claimedItems: ReadonlySet<string>;
  /** Item id → name, for servers whose job views do not name the item. */
  itemNames: ReadonlyMap<string, string>;
  /** Jobs created before this (epoch ms) are older than the submission. */
  sinceMs?: number;
  /** How far the clock `sinceMs` was read from may be ahead of the server's (default CLOCK_SKEW_MS; 0 for a server time). */
  skewMs?: number;
}

/** Job types that are never the answer to a generate request of ours. */
const NOT_GENERATIONS = new Set(['reverse', 'size_variant', 'size_variant_batch', 'export_animation', 'scene_generation']);
const STILL_TYPES = new Set(['image', 'image_generation', 'edit']);

/**
 * Matches each request to the jobs it may have created: by item id when the request names one
 * (regenerations, edits), else by item name; by a compatible type; never a job or an item the lock
 * already records, never a job older than the submission or one that ended before it. A failed job is
 * never adopted: its credits were refunded, so sending again pays once. A job two requests could
 * claim is a candidate of both, so both are ambiguous: nothing is guessed.
 */
export function matchRequests(requests: SettleRequest[], jobs: JobView[], ctx: MatchContext): Match[] {
  const candidates = requests.map((r) => jobs.filter((j) => isCandidate(j, r.body, ctx)));
  const claims = new Map<string, number>();
  for (const list of candidates) for (const j of list) claims.set(j.id, (claims.get(j.id) ?? 0) + 1);
  return candidates.map((list): Match => {
    if (list.length === 0) return { kind: 'none' };
    if (list.length === 1 && claims.get(list[0]!.id) === 1) return { kind: 'matched', job: list[0]! };
    return { kind: 'ambiguous', candidates: list };
  });
}

/** The job of a transition's free reverse clip: named as asked, made after the transition was sent. */
export function matchReverse(reverseName: string, jobs: JobView[], ctx: MatchContext): Match {
  const list = jobs.filter((j) => !ctx.claimedJobs.has(j.id) && createdSince(j, ctx.sinceMs, ctx.skewMs) && nameOf(j, ctx) === reverseName && (j.type === undefined || j.type === 'reverse' || !NOT_GENERATIONS.has(j.type)));
  if (list.length === 0) return { kind: 'none' };
  return list.length === 1 ? { kind: 'matched', job: list[0]! } : { kind: 'ambiguous', candidates: list };
}

function isCandidate(j: JobView, body: GenerateRequest, ctx: MatchContext): boolean {
  if (ctx.claimedJobs.has(j.id) || j.status === 'failed' || !createdSince(j, ctx.sinceMs, ctx.skewMs) || endedBefore(j, ctx.sinceMs, ctx.skewMs) || !typeCompatible(j.type, body)) return false;
  if (body.item_id !== undefined) return j.itemId === body.item_id;
  if (j.itemId !== undefined && ctx.claimedItems.has(j.itemId)) return false;
  return body.name !== undefined && nameOf(j, ctx) === body.name;
}

function nameOf(j: JobView, ctx: MatchContext): string | undefined {
  return j.itemName ?? (j.itemId !== undefined ? ctx.itemNames.get(j.itemId) : undefined);
}

/** A job that had ended before the submission was sent cannot be its job. */
function endedBefore(j: JobView, sinceMs: number | undefined, skewMs = CLOCK_SKEW_MS): boolean {
  if (sinceMs === undefined || j.endedAt === undefined) return false;
  const t = Date.parse(j.endedAt);
  return !Number.isNaN(t) && t < sinceMs - skewMs;
}

function createdSince(j: JobView, sinceMs: number | undefined, skewMs = CLOCK_SKEW_MS): boolean {
  if (sinceMs === undefined || j.createdAt === undefined) return true;
  const t = Date.parse(j.createdAt);
  return Number.isNaN(t) || t >= sinceMs - skewMs;
}

/** Servers name job types in several vocabularies: only a type that contradicts the request rules a job out. */
function typeCompatible(jobType: string | undefined, body: GenerateRequest): boolean {
  if (jobType === undefined) return true;
  const t = jobType.toLowerCase();
  if (NOT_GENERATIONS.has(t)) return false;
  if (t === 'logo') return body.type === 'logo';
  if (body.type === 'logo') return !STILL_TYPES.has(t) && t !== 'animation';
  if (body.type === 'animation') return !STILL_TYPES.has(t);
  return t !== 'animation';
}

/** The ids the lock records, which no settlement may take for another submission. */
export function claimedIds(lock: Lockfile): { jobs: Set<string>; items: Set<string> } {
  const jobs = new Set<string>();
  const items = new Set<string>();
  for (const entry of Object.values(lock.assets)) {
    if (entry.job_id) jobs.add(entry.job_id);
    if (entry.item_id) items.add(entry.item_id);
  }
  return { jobs, items };
}

/**
 * A local time (when a batch was sent) as the server's clock read it, with the margin to allow:
 * tight once the server's `Date` headers told its clock, wide otherwise.
 */
export function serverTime(api: ApplyApi, localMs: number | undefined): { sinceMs?: number; skewMs: number } {
  const offset = api.serverClockOffsetMs?.();
  if (localMs === undefined) return { skewMs: CLOCK_SKEW_MS };
  return offset === undefined ? { sinceMs: localMs, skewMs: CLOCK_SKEW_MS } : { sinceMs: localMs + offset, skewMs: KNOWN_CLOCK_SKEW_MS };
}

/** Lists the collection's jobs since `sinceMs` (server time, less `skewMs`), and item names when the jobs do not carry them. */
export async function lookAround(api: ApplyApi, collection: string, sinceMs: number | undefined, signal?: AbortSignal, skewMs = CLOCK_SKEW_MS): Promise<{ jobs: JobView[]; itemNames: Map<string, string> }> {
  const floor = sinceMs === undefined ? undefined : sinceMs - skewMs;
  const older = (j: JobView) => floor !== undefined && j.createdAt !== undefined && Date.parse(j.createdAt) < floor;
  const jobs = await api.listJobs({ collectionId: collection }, { ...(signal ? { signal } : {}), stopAfter: (page) => page.every(older) });
  const itemNames = new Map<string, string>();
  if (jobs.some((j) => j.itemName === undefined)) {
    for (const item of await api.listItems(collection, signal)) if (item.name !== undefined) itemNames.set(item.id, item.name);
  }
  return { jobs, itemNames };
}

