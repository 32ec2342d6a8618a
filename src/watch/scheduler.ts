/**
 * Debounced, serialised re-runs: a burst of changes becomes one run, only one run is in flight, and
 * changes that arrive during a run are coalesced into exactly one more run after it.
 */

/** Timer functions (injectable so tests can drive time). */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface RunScheduler {
  /** A change happened: (re)starts the quiet period; if a run is in flight, one more run follows it. */
  trigger(): void;
  /** Resolves once nothing is scheduled and no run is in flight. */
  idle(): Promise<void>;
  /** Cancels what is scheduled and resolves after the run in flight (if any) has ended. */
  close(): Promise<void>;
  /** Whether a run is in flight. */
  readonly running: boolean;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** Creates a scheduler around `run`; its errors go to `onError` (a failed run never stops the watch). */
export function createRunScheduler(
  run: () => Promise<void>,
  opts: { debounceMs: number; timers?: Timers; onError?: (err: unknown) => void },
): RunScheduler {
  const timers = opts.timers ?? realTimers;
  let timer: unknown;
  let inFlight: Promise<void> | undefined;
  let again = false;
  let closed = false;
  let waiters: Array<() => void> = [];

  const settle = () => {
    if (timer !== undefined || inFlight) return;
    const w = waiters;
    waiters = [];
    for (const resolve of w) resolve();
  };
  const start = () => {
    inFlight = (async () => {
      try {
        await run();
      } catch (err) {
        opts.onError?.(err);
      }
    })().finally(() => {
      inFlight = undefined;
      if (again && !closed) {
        again = false;
        start();
      } else settle();
    });
  };
  const fire = () => {
    timer = undefined;
    if (closed) return settle();
    if (inFlight) again = true;
    else start();
  };

  return {
    trigger() {
      if (closed) return;
      if (timer !== undefined) timers.clearTimeout(timer);
      timer = timers.setTimeout(fire, opts.debounceMs);
    },
    idle() {
      if (timer === undefined && !inFlight) return Promise.resolve();
      return new Promise<void>((resolve) => waiters.push(resolve));
    },
    async close() {
      closed = true;
      again = false;
      if (timer !== undefined) timers.clearTimeout(timer);
      timer = undefined;
      if (inFlight) await inFlight;
      settle();
    },
    get running() {
      return inFlight !== undefined;
    },
  };
}
