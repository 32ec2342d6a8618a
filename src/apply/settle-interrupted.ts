/**
 * A batch an interrupted run wrote down: the API is asked what it has. A job it made for an asset
 * the plan still generates is adopted (it was paid when sent); an item it never got goes back to be
 * submitted exactly as planned now (the lock's request bodies are never sent). Nothing the plan
 * does not show is ever sent, and no entry the plan keeps is replaced.
 */
import type { InflightBatch } from '../model/lock.js';
import { dropInflight } from './record.js';
import { adoptions, record, settleItems, type Outcome, type SendContext } from './submit-batch.js';
import type { ApplyEvent } from './types.js';

export interface InterruptedContext {
  send: SendContext;
  /** `--adopt id=job`: the user's choice where several jobs could be an item's. */
  adopt?: Record<string, string>;
  /** What the plan says now of an asset it generates. */
  planned: (id: string) => { credits: number; fingerprint?: string } | undefined;
  emit: (event: ApplyEvent) => void;
}

export interface Settlement {
  /** To act on as accepted or refused (paid by the run that sent them, not this one). */
  outcomes: Outcome[];
  /** Assets that go back to be submitted as planned now. */
  resubmit: string[];
}

/**
 * Settles `batch` (masko.lock's `inflight[key]`) for the assets in `wanted` (those the plan still
 * generates as that item's type); throws if the API cannot be asked.
 */
export async function settleInterrupted(ctx: InterruptedContext, key: string, batch: InflightBatch, wanted: Set<string>): Promise<Settlement> {
  const sinceMs = batch.sent_at ? Date.parse(batch.sent_at) : undefined;
  const settled = await settleItems(ctx.send, batch.items, Number.isNaN(sinceMs) ? undefined : sinceMs, [0]);
  for (const s of settled) {
    const choice = ctx.adopt?.[s.item.id];
    if (s.match.kind === 'ambiguous' && choice) {
      const job = s.match.candidates.find((j) => j.id === choice);
      if (job) s.match = { kind: 'matched', job };
    }
  }
  const mine = settled.filter((s) => wanted.has(s.item.id));
  const outcomes = adoptions(mine, (item, job) => job.cost ?? ctx.planned(item.id)?.credits ?? 0);
  const drop: string[] = [];
  for (const s of settled) {
    if (wanted.has(s.item.id)) continue;
    drop.push(s.item.id);
    if (s.match.kind === 'matched') ctx.emit({ type: 'warning', message: `job ${s.match.job.id} was accepted for an interrupted submission of "${s.item.id}", which the plan does not generate now; it is not recorded` });
  }
  for (const s of mine) if (s.match.kind === 'none') drop.push(s.item.id);
  await record(ctx.send.journal, key, outcomes);
  if (drop.length > 0) await ctx.send.journal.update((lock) => dropInflight(lock, key, drop));
  const resubmit = new Set(mine.filter((s) => s.match.kind === 'none').map((s) => s.item.id));
  for (const o of outcomes) {
    // Adopted but made from other inputs than planned now: recorded (it was paid), then submitted as planned.
    if (o.kind === 'accepted' && o.item.fingerprint !== ctx.planned(o.item.id)?.fingerprint) resubmit.add(o.item.id);
  }
  return { outcomes: outcomes.filter((o) => !(o.kind === 'accepted' && resubmit.has(o.item.id))), resubmit: [...resubmit] };
}
