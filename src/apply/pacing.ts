/**
 * Pacing submissions under a rate limit. The critical path of a sync is its submissions: a
 * dependant goes as soon as its upstream is done. With requests scarce, the ones that decide when
 * the run ends must never wait for ones that have time to spare, so:
 * - ready assets go longest tail first (critical-path.ts), ten to a batch, a part-filled batch of
 *   a longer tail topped up with shorter ones (the request is paid anyway);
 * - a batch goes only while the budget keeps enough requests free for the longer tails still to
 *   come and for the polls that will tell when they can go;
 * - a part-filled batch whose siblings are about to be ready (their upstreams are out) waits for them.
 * Without a limit (or without a budget) everything ready goes at once, in that order.
 */
import type { RequestBudget } from '../api/request-budget.js';

/** Most requests a generate-batch carries. */
export const BATCH_LIMIT = 10;

/** What the pacer reads of the run. */
export interface PacingRun {
  /** Assets still to submit. */
  waiting: ReadonlySet<string>;
  tail(id: string): number;
  deps(id: string): readonly string[];
  dependants(id: string): readonly string[];
  /** Jobs being followed, and batch submissions in flight (both will change what is ready). */
  following(): number;
  submissions(): number;
  budget?: RequestBudget;
}

/** A batch to send now and its rank in the request budget. */
export interface PacedBatch {
  ids: string[];
  priority: number;
}

export class Pacer {
  constructor(private readonly run: PacingRun) {}

  /** Which of the ready assets to submit now, in batches; `deferred` when some wait for the budget. */
  next(readyInOrder: string[]): { batches: PacedBatch[]; deferred: boolean } {
    const ready = [...readyInOrder].sort((a, b) => this.run.tail(b) - this.run.tail(a)); // stable: equal tails keep their order
    const budget = this.run.budget;
    let free = budget ? budget.free() - this.run.submissions() : Infinity;
    if (!Number.isFinite(free)) return { batches: this.form(ready, new Map(), []).map((ids) => ({ ids: this.inOrder(ids, readyInOrder), priority: this.longest(ids) })), deferred: false };
    const readySet = new Set(ready);
    const later = this.laterTails(readySet);
    const groups = this.form(ready, this.comingSoon(readySet), later).map((ids) => this.inOrder(ids, readyInOrder));
    // After the server's reset one request learns how many slots it freed: the first batch.
    let probe = budget!.probing() && this.run.submissions() === 0;
    const batches: PacedBatch[] = [];
    for (const ids of groups) {
      const priority = this.longest(ids);
      if (!probe && free - this.reserveAbove(priority, later, batches.length) < 1) return { batches, deferred: true };
      probe = false;
      free--;
      batches.push({ ids, priority });
    }
    return { batches, deferred: false };
  }

  private longest(ids: string[]): number {
    return Math.max(...ids.map((id) => this.run.tail(id)));
  }

  /** A batch's ids in the caller's order (the manifest's): the tails chose the batch, not the order in it. */
  private inOrder(ids: string[], order: string[]): string[] {
    const set = new Set(ids);
    return order.filter((id) => set.has(id));
  }

  /** Requests the budget can spare for a poll of this urgency, after the more urgent submissions to come. */
  spare(urgency: number): number {
    const budget = this.run.budget;
    if (!budget) return Infinity;
    const free = budget.free() - this.run.submissions();
    return Number.isFinite(free) ? free - this.reserveAbove(urgency, this.laterTails(new Set())) : free;
  }

  /** How urgent an asset's end is: the longest tail of its dependants still to submit (0: none). */
  urgency(id: string): number {
    let top = 0;
    for (const d of this.run.dependants(id)) if (this.run.waiting.has(d)) top = Math.max(top, this.run.tail(d));
    return top;
  }

  /**
   * Cuts the sorted ready list into batches: full ones per tail, a remainder topped up with the
   * next shorter tails, or held back (and counted in `later`) when its siblings come soon.
   */
  private form(ready: string[], soon: Map<number, number>, later: number[]): string[][] {
    const out: string[][] = [];
    let open: string[] = [];
    for (let i = 0; i < ready.length; ) {
      const tail = this.run.tail(ready[i]!);
      let j = i;
      while (j < ready.length && this.run.tail(ready[j]!) === tail) j++;
      const group = ready.slice(i, j);
      i = j;
      while (open.length > 0 && open.length < BATCH_LIMIT && group.length > 0) open.push(group.shift()!);
      if (open.length === BATCH_LIMIT) {
        out.push(open);
        open = [];
      }
      while (group.length >= BATCH_LIMIT) out.push(group.splice(0, BATCH_LIMIT));
      if (group.length === 0) continue;
      if ((soon.get(tail) ?? 0) > 0) {
        // A part-filled batch costs a request of its own; its siblings are about to be ready.
        const at = later.findIndex((t) => t < tail);
        later.splice(at < 0 ? later.length : at, 0, ...group.map(() => tail));
      } else open = group;
    }
    if (open.length > 0) out.push(open);
    return out;
  }

  /** Waiting assets not ready yet whose upstreams are all submitted (so ready soon), counted by tail. */
  private comingSoon(ready: Set<string>): Map<number, number> {
    const out = new Map<number, number>();
    for (const id of this.run.waiting) {
      if (ready.has(id) || this.run.deps(id).some((d) => this.run.waiting.has(d))) continue;
      const tail = this.run.tail(id);
      out.set(tail, (out.get(tail) ?? 0) + 1);
    }
    return out;
  }

  /** Tails of the waiting assets that are not ready yet, longest first. */
  private laterTails(ready: Set<string>): number[] {
    const out: number[] = [];
    for (const id of this.run.waiting) if (!ready.has(id)) out.push(this.run.tail(id));
    return out.sort((a, b) => b - a);
  }

  /**
   * Requests to keep free for work with a longer tail than `tail` that is not ready yet: its
   * batches, and the polls that will find its upstreams done. Only while something is in flight
   * that will make it ready (otherwise nothing could ever use what is kept).
   */
  private reserveAbove(tail: number, later: number[], sending = 0): number {
    if (this.run.following() === 0 && this.run.submissions() + sending === 0) return 0;
    let n = 0;
    const levels = new Set<number>();
    while (n < later.length && later[n]! > tail) levels.add(later[n++]!);
    return n === 0 ? 0 : Math.ceil(n / BATCH_LIMIT) + levels.size * this.pollsPerLevel();
  }

  /**
   * The polls one level of the chain costs before its dependants can go: a long poll and a sweep
   * of the followed jobs, three times (stragglers of a round of submissions end a little later).
   */
  private pollsPerLevel(): number {
    return 3 * (1 + Math.max(1, Math.ceil(this.run.following() / 100)));
  }
}
