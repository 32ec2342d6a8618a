/**
 * Sending one batch and settling what its answer leaves unknown. The batch is written into the
 * lock's `inflight` (with the time it is sent) before it goes out. A POST is never retried blindly:
 * when its outcome is unknown (a timeout, a reset, a 5xx, a 2xx that cannot be read) the server is
 * asked which requests it accepted; only those it shows it does not have are sent again.
 */
import type { LimitFunction } from 'p-limit';
import { sleep } from '../api/backoff.js';
import { ApiError, TransportError, WaitTooLongError, outcomeUnknown } from '../api/errors.js';
import type { JobView, SubmittedJob } from '../api/views.js';
import type { InflightItem, Lockfile } from '../model/lock.js';
import { describeApiError } from './describe-api-error.js';
import { batchKey } from './idempotency.js';
import type { LockJournal } from './journal.js';
import { claimedIds, lookAround, matchRequests, matchReverse, serverTime, type Match } from './reconcile.js';
import { dropInflight, pendingEntry, requests, writeInflight, type Accepted } from './record.js';
import type { ApplyApi, WireMemory } from './types.js';
import { carrySuperseded } from './superseded.js';

/**
 * A batch is sent again at most this many times when the server shows it never got it (each send is
 * settled first, so a flaky server costs time, never money).
 */
const MAX_SENDS = 6;

export interface SendContext {
  api: ApplyApi;
  collection: string;
  journal: LockJournal;
  memory: WireMemory;
  /** Bounds batch POSTs in flight. */
  limit: LimitFunction;
  now: () => number;
  graceMs: number;
  /** The plan's estimate for an asset: the cost of a job whose answer does not say. */
  plannedCredits: (id: string) => number;
  signal?: AbortSignal;
  /** The batch's rank in the request budget (its longest tail, see critical-path.ts). */
  priority?: number;
  /** Called as the POST goes out (after waiting for a submission slot), and as its answer comes back. */
  onSend?: () => void;
  onAnswer?: () => void;
}

/** What became of one item of a batch. */
export type Outcome =
  | { kind: 'accepted'; item: InflightItem; got: Accepted; reverse?: Accepted; adopted: boolean }
  | { kind: 'refused'; item: InflightItem; code: string; message: string; halt?: boolean }
  | { kind: 'unsettled'; item: InflightItem; code: string; message: string };

/** One item matched against what the server has: its job, and its reverse clip's when it asked for one. */
export interface Settled {
  item: InflightItem;
  match: Match;
  reverse?: Match;
}

/** Sends `items` as one batch (written down first) and returns an outcome per item. */
export async function sendBatch(ctx: SendContext, items: InflightItem[], previousJobIds: Array<string | undefined>, sends = 1): Promise<Outcome[]> {
  const key = batchKey(ctx.collection, items, previousJobIds);
  const sentAt = ctx.now();
  // Written down before it is sent: whatever happens next, a later run can recognise it.
  await ctx.journal.update((lock) => writeInflight(lock, key, { sent_at: new Date(sentAt).toISOString(), items }));
  let answer: SubmittedJob[];
  try {
    answer = await post(ctx, items, key);
  } catch (err) {
    return failedSend(ctx, items, previousJobIds, key, sentAt, err, sends);
  }
  const accepted: Outcome[] = [];
  const unknown: InflightItem[] = [];
  answer.forEach((job, i) => {
    const item = items[i]!;
    if (!job.jobId) return void unknown.push(item);
    const reverse = job.reverse?.jobId ? accepts(job.reverse, 0) : undefined;
    accepted.push({ kind: 'accepted', item, got: accepts(job, job.cost ?? ctx.plannedCredits(item.id)), ...(reverse ? { reverse } : {}), adopted: false });
  });
  await record(ctx.journal, key, accepted);
  if (unknown.length === 0) return accepted;
  // Accepted, but the answer does not say as what: settled like a lost answer, never sent again blindly.
  return [...accepted, ...(await settleAndResend(ctx, unknown, previousJobIds, key, sentAt, sends))];
}

/** The POST, with the batch body under the key this server takes (learned once from its 400). */
async function post(ctx: SendContext, items: InflightItem[], key: string): Promise<SubmittedJob[]> {
  const send = () =>
    ctx.limit(async () => {
      ctx.onSend?.();
      const jobs = await ctx.api.generateBatch(ctx.collection, requests(items), key, { bodyKey: ctx.memory.batchBodyKey, signal: ctx.signal, ...(ctx.priority !== undefined ? { priority: ctx.priority } : {}) });
      ctx.onAnswer?.();
      return jobs;
    });
  try {
    return await send();
  } catch (err) {
    const other = ctx.memory.batchBodyKey === 'items' ? 'requests' : 'items';
    if (!(err instanceof ApiError) || err.status !== 400 || !namesBodyKey(err, ctx.memory.batchBodyKey, other)) throw err;
    // A 400 charges nothing: take the key it asks for, remember it, send once more.
    ctx.memory.batchBodyKey = other;
    ctx.memory.save();
    return send();
  }
}

function namesBodyKey(err: ApiError, sent: string, other: string): boolean {
  const field = typeof err.details.field === 'string' ? err.details.field : '';
  if (field === sent || field === other) return true;
  return new RegExp(`\\b(${sent}|${other})\\b`).test(err.message);
}

async function failedSend(ctx: SendContext, items: InflightItem[], previousJobIds: Array<string | undefined>, key: string, sentAt: number, err: unknown, sends: number): Promise<Outcome[]> {
  if (ctx.signal?.aborted) {
    // It may have arrived: the written-down batch stays, and the next run asks the server.
    return items.map((item) => ({ kind: 'unsettled', item, code: 'interrupted', message: 'interrupted while it was being sent; the next run asks the API whether it arrived' }));
  }
  const known = err instanceof WaitTooLongError || (err instanceof TransportError && !outcomeUnknown(err)) || (err instanceof ApiError && !outcomeUnknown(err));
  // Anything but a clear refusal may have been processed: ask the server before anything else.
  if (!known) return settleAndResend(ctx, items, previousJobIds, key, sentAt, sends);
  // From here nothing was done by the server: the written-down batch is void.
  await ctx.journal.update((lock) => dropInflight(lock, key));
  if (err instanceof WaitTooLongError) return items.map((item) => ({ kind: 'refused', item, code: 'rate_limited', message: err.message, halt: true }));
  if (!(err instanceof ApiError)) {
    return items.map((item) => ({ kind: 'refused', item, code: 'unreachable', message: `${(err as Error).message}; nothing was sent`, halt: true }));
  }
  const halt = err.status === 401 || err.status === 402 || err.status === 429;
  if (items.length > 1 && (err.status === 400 || err.status === 403)) {
    // One bad item must not sink the others: without an index to name it, each goes alone.
    const index = typeof err.details.index === 'number' && Number.isInteger(err.details.index) ? err.details.index : undefined;
    if (index !== undefined && index >= 0 && index < items.length) {
      const culprit = items[index]!;
      const rest = items.filter((_, i) => i !== index);
      const restPrev = previousJobIds.filter((_, i) => i !== index);
      return [refusal(culprit, err), ...(await sendBatch(ctx, rest, restPrev))];
    }
    const alone = await Promise.all(items.map((item, i) => sendBatch(ctx, [item], [previousJobIds[i]])));
    return alone.flat();
  }
  return items.map((item) => ({ ...refusal(item, err), halt }));
}

function refusal(item: InflightItem, err: ApiError): Outcome {
  return { kind: 'refused', item, code: err.code, message: describeApiError(err, item.type) };
}

/**
 * Asks the server which of `items` it accepted (once more after a grace period, for requests still
 * being processed when the connection went), adopts what it has, and sends again what it has not.
 */
async function settleAndResend(ctx: SendContext, items: InflightItem[], previousJobIds: Array<string | undefined>, key: string, sentAt: number, sends: number): Promise<Outcome[]> {
  let settled: Settled[];
  try {
    settled = await settleItems(ctx, items, sentAt, [0, ctx.graceMs]);
  } catch (err) {
    const message = `the API's answer was lost and asking it what exists failed too (${(err as Error).message}); masko.lock keeps the submission and the next run asks again before sending anything`;
    return items.map((item) => ({ kind: 'unsettled', item, code: 'submission_unconfirmed', message }));
  }
  // Sent by this run: a job whose view does not say its cost was charged the planned price.
  const outcomes = adoptions(settled, (item, job) => job.cost ?? ctx.plannedCredits(item.id));
  await record(ctx.journal, key, outcomes.filter((o) => o.kind === 'accepted'));
  const missing = settled.filter((s) => s.match.kind === 'none').map((s) => s.item);
  if (missing.length > 0) {
    await ctx.journal.update((lock) => dropInflight(lock, key, missing.map((i) => i.id)));
    if (sends >= MAX_SENDS) {
      for (const item of missing) outcomes.push({ kind: 'refused', item, code: 'submission_failed', message: `sent ${sends} times and the API shows no job for it; nothing was charged for it. Run again later` });
    } else {
      const prev = missing.map((m) => previousJobIds[items.indexOf(m)]);
      outcomes.push(...(await sendBatch(ctx, missing, prev, sends + 1)));
    }
  }
  return outcomes;
}

/** Accepted outcomes for matches, unsettled ones (kept in `inflight`) for ambiguous matches. */
export function adoptions(settled: Settled[], costOf: (item: InflightItem, job: JobView) => number): Outcome[] {
  const out: Outcome[] = [];
  for (const { item, match, reverse } of settled) {
    if (match.kind === 'matched') {
      const rev = reverse?.kind === 'matched' ? fromJob(reverse.job, 0) : undefined;
      out.push({ kind: 'accepted', item, got: fromJob(match.job, costOf(item, match.job)), ...(rev ? { reverse: rev } : {}), adopted: true });
    } else if (match.kind === 'ambiguous') {
      out.push({ kind: 'unsettled', item, code: 'ambiguous_submission', message: ambiguity(item.id, match.candidates) });
    }
  }
  return out;
}

/**
 * Matches written-down items to the server's jobs, looking again after each delay in `rounds`
 * while some are unmatched. Throws when the server cannot be asked.
 */
export async function settleItems(ctx: Pick<SendContext, 'api' | 'collection' | 'journal' | 'signal'>, items: InflightItem[], sinceMs: number | undefined, rounds: number[]): Promise<Settled[]> {
  let settled: Settled[] = [];
  for (const delay of rounds) {
    if (delay > 0) await sleep(delay, ctx.signal);
    // The batch was sent at `sinceMs` on our clock: compare with job times on the server's.
    const at = serverTime(ctx.api, sinceMs);
    const { jobs, itemNames } = await lookAround(ctx.api, ctx.collection, at.sinceMs, ctx.signal, at.skewMs);
    const claimed = claimedIds(ctx.journal.lock);
    const mctx = { claimedJobs: claimed.jobs, claimedItems: claimed.items, itemNames, skewMs: at.skewMs, ...(at.sinceMs !== undefined ? { sinceMs: at.sinceMs } : {}) };
    const matches = matchRequests(items.map((item) => ({ id: item.id, body: item.request as never })), jobs, mctx);
    settled = items.map((item, i) => {
      const match = matches[i]!;
      const reverseName = typeof item.request.reverse_name === 'string' ? item.request.reverse_name : item.reverse?.name;
      const reverse = item.reverse && match.kind === 'matched' && reverseName ? matchReverse(reverseName, jobs, mctx) : undefined;
      return { item, match, ...(reverse ? { reverse } : {}) };
    });
    if (settled.every((s) => s.match.kind !== 'none')) break;
  }
  return settled;
}

/** Journals accepted outcomes as `pending` entries (a reverse clip not seen yet is pending without a job). */
export async function record(journal: LockJournal, key: string, accepted: Outcome[]): Promise<void> {
  const list = accepted.filter((o): o is Extract<Outcome, { kind: 'accepted' }> => o.kind === 'accepted');
  if (list.length === 0) return;
  await journal.update((lock) => {
    dropInflight(lock, key, list.map((o) => o.item.id));
    for (const o of list) writeAccepted(lock, o);
  });
}

function writeAccepted(lock: Lockfile, o: Extract<Outcome, { kind: 'accepted' }>): void {
  const previous = (id: string) => (Object.hasOwn(lock.assets, id) ? lock.assets[id] : undefined);
  lock.assets[o.item.id] = carrySuperseded(previous(o.item.id), pendingEntry(o.item.type, o.item, o.got));
  if (o.item.reverse) {
    const r = o.reverse ?? { credits: 0, assetIds: {}, urls: {} };
    lock.assets[o.item.reverse.id] = carrySuperseded(previous(o.item.reverse.id), { ...pendingEntry('reverse', o.item.reverse, r), reverse_of: o.item.id });
  }
}

function accepts(job: SubmittedJob, credits: number): Accepted {
  return { ...(job.jobId ? { jobId: job.jobId } : {}), ...(job.itemId ? { itemId: job.itemId } : {}), credits, assetIds: job.assetIds, urls: job.urls };
}

/** What an adopted job's view says, with the credits it was charged. */
export function fromJob(job: JobView, credits: number): Accepted {
  return { jobId: job.id, ...(job.itemId ? { itemId: job.itemId } : {}), credits, assetIds: job.assetIds, urls: job.urls };
}

function ambiguity(id: string, candidates: JobView[]): string {
  const list = candidates.slice(0, 5).map((j) => `${j.id}${j.itemName ? ` ("${j.itemName}")` : ''}${j.createdAt ? ` created ${j.createdAt}` : ''}`).join(', ');
  return `the API's answer was lost and more than one job could be it (${list}); nothing is guessed. masko.lock keeps the submission: adopt the right one with \`masko-sync --adopt ${id}=JOB_ID\``;
}

