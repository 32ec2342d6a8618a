/**
 * Finding a transition's free reverse clip when the API's answer did not describe it: the current
 * docs make it a separate job of type `reverse`, started when the forward clip completes, on an item
 * named as asked. It is found in the collection's job list, matched by that name.
 */
import { sleep } from '../api/backoff.js';
import type { JobView } from '../api/views.js';
import type { LockJournal } from './journal.js';
import { claimedIds, lookAround, matchReverse, type Match } from './reconcile.js';
import type { ApplyApi } from './types.js';

/** Looks for the reverse job a few times over ~`patienceMs` (it may start a moment after the forward clip ends). */
export async function findReverse(
  api: ApplyApi,
  collection: string,
  journal: LockJournal,
  reverseName: string,
  sinceMs: number | undefined,
  options: { patienceMs: number; signal?: AbortSignal },
): Promise<Match> {
  const delays = [0, options.patienceMs / 8, options.patienceMs / 4, options.patienceMs / 2, options.patienceMs];
  let match: Match = { kind: 'none' };
  for (const delay of delays) {
    if (delay > 0) await sleep(delay, options.signal);
    const { jobs, itemNames } = await lookAround(api, collection, sinceMs, options.signal, 0);
    const claimed = claimedIds(journal.lock);
    // `sinceMs` is the transition's creation time on the server's own clock: no skew to allow for.
    match = matchReverse(reverseName, jobs, { claimedJobs: claimed.jobs, claimedItems: claimed.items, itemNames, ...(sinceMs !== undefined ? { sinceMs, skewMs: 0 } : {}) });
    if (match.kind !== 'none') return match;
  }
  return match;
}

/** The time a job was created (epoch ms), when its view says. */
export function createdMs(job: JobView | undefined): number | undefined {
  const t = job?.createdAt ? Date.parse(job.createdAt) : NaN;
  return Number.isNaN(t) ? undefined : t;
}
