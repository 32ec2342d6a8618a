/**
 * What a run ends with, kept as it happens: completed, failed, skipped and pending assets, credits,
 * and the events that tell the caller so. A failure skips the dependants still waiting on it.
 */
import type { ApplyEvent, ApplyResult } from './types.js';

export interface OutcomeGraph {
  /** Assets not submitted yet (a failed or skipped one leaves it). */
  waiting: Set<string>;
  dependants: (id: string) => string[];
  /** A reverse clip that nothing submitted yet: its transition's failure skips it too. */
  unsubmittedReverse: (id: string) => boolean;
}

export class RunOutcomes {
  readonly result: ApplyResult = { completed: [], failed: [], skipped: [], pending: [], creditsSpent: 0, fixed: 0, interrupted: false, errors: [] };
  /** Jobs charged by this run, with what they cost (a refund offsets only these). */
  readonly charged = new Map<string, number>();

  constructor(
    private readonly graph: OutcomeGraph,
    private readonly onEvent?: (event: ApplyEvent) => void,
  ) {}

  emit(event: ApplyEvent): void {
    this.onEvent?.(event);
  }

  /** Records a failure; dependants still waiting are skipped with this one as their cause. */
  fail(id: string, code: string, message: string, skipDependants = true): void {
    this.graph.waiting.delete(id);
    this.result.failed.push({ id, code, message });
    this.emit({ type: 'failed', id, code, message });
    if (skipDependants) this.skipDependants(id, id);
  }

  /** An asset left for a later run (`cause`: why, or the failed upstream's id). */
  skip(id: string, cause: string): void {
    this.graph.waiting.delete(id);
    if (this.result.skipped.some((s) => s.id === id)) return;
    this.result.skipped.push({ id, cause });
    this.emit({ type: 'skipped', id, cause });
    this.skipDependants(id, cause);
  }

  /** A job that goes on after the run: masko.lock keeps it and the next run resumes it. */
  pending(id: string): void {
    this.result.pending.push(id);
  }

  completed(id: string, credits: number): void {
    this.result.completed.push(id);
    this.emit({ type: 'completed', id, credits });
  }

  /** A completed asset whose files must be fetched again: it is not completed until they are. */
  reopen(id: string): void {
    this.result.completed = this.result.completed.filter((c) => c !== id);
  }

  private skipDependants(id: string, root: string): void {
    for (const d of this.graph.dependants(id)) {
      if (this.graph.waiting.has(d) || (this.graph.unsubmittedReverse(d) && !this.result.skipped.some((s) => s.id === d))) this.skip(d, root);
    }
  }
}
