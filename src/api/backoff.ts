/** Retry delays: exponential backoff with full jitter, honouring Retry-After when the server gives one. */

export interface BackoffOptions {
  /** First delay ceiling in ms. */
  baseMs: number;
  /** Largest delay in ms. */
  maxMs: number;
  /** In [0, 1); injected so tests are deterministic. */
  random: () => number;
}

export const defaultBackoff: BackoffOptions = { baseMs: 250, maxMs: 8_000, random: Math.random };

/** Delay before retry number `attempt` (1-based). */
export function retryDelay(attempt: number, opts: BackoffOptions, retryAfterMs?: number): number {
  const ceiling = Math.min(opts.maxMs, opts.baseMs * 2 ** (attempt - 1));
  const jittered = Math.round(ceiling / 2 + (opts.random() * ceiling) / 2);
  // The server's Retry-After is a floor: never come back earlier than asked.
  return retryAfterMs !== undefined ? Math.max(retryAfterMs, jittered) : jittered;
}

/** Parses Retry-After (seconds or an HTTP date) into ms; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return undefined;
  const seconds = Number(v);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(v);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** Resolves after ms, or rejects when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
