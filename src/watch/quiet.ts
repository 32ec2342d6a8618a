/**
 * Counts saves of the manifest, and lets a run wait for a quiet period that any save cancels: paid
 * submissions in watch mode go out only once the manifest has stayed unchanged for a while, so a
 * burst of saves costs one generation per asset, with the last state winning.
 */

/** How a wait for a quiet manifest ended. */
export type QuietOutcome = 'quiet' | 'changed' | 'aborted';

export class ChangeNotifier {
  private count = 0;
  private readonly waiters = new Set<() => void>();

  /** Saves seen so far. */
  get changes(): number {
    return this.count;
  }

  /** A save happened. */
  changed(): void {
    this.count++;
    for (const wake of [...this.waiters]) wake();
  }

  /** 'quiet' after `ms` with no save since `since` (a count read earlier), 'changed' at once on a save, 'aborted' on the signal. */
  waitQuiet(ms: number, since: number, signal?: AbortSignal): Promise<QuietOutcome> {
    if (this.count !== since) return Promise.resolve('changed');
    if (signal?.aborted) return Promise.resolve('aborted');
    return new Promise((resolve) => {
      const done = (outcome: QuietOutcome) => {
        clearTimeout(timer);
        this.waiters.delete(onChange);
        signal?.removeEventListener('abort', onAbort);
        resolve(outcome);
      };
      const onChange = () => done('changed');
      const onAbort = () => done('aborted');
      const timer = setTimeout(() => done('quiet'), ms);
      this.waiters.add(onChange);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
