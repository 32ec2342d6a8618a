/**
 * Per-key sliding-window rate limit (per minute and per hour), off unless configured. Each key keeps the
 * sorted times of its allowed requests; a window's count is one binary search, so a check stays cheap
 * however many requests are in flight.
 */

const MINUTE = 60_000;
const HOUR = 3_600_000;

/** The outcome of one request against the limits, for the 429 and the `X-RateLimit-*` headers. */
export interface RateVerdict {
  allowed: boolean;
  /** limit of the window reported (the one with the fewest requests left) */
  limit: number;
  remaining: number;
  /** epoch ms at which that window frees a slot */
  resetAt: number;
  /** ms to wait before a request can pass (0 when allowed) */
  waitMs: number;
}

interface Window {
  limit: number;
  ms: number;
}

/** Counts requests per key against real-time windows (already shortened by the time scale). */
export class RateLimiter {
  private readonly hits = new Map<string, { times: number[]; head: number }>();
  private readonly windows: Window[];

  constructor(
    limits: { perMinute: number | undefined; perHour: number | undefined },
    private readonly now: () => number,
    /** real ms of an emulated ms (the time scale) */
    scale: (ms: number) => number,
  ) {
    this.windows = [];
    if (limits.perMinute !== undefined) this.windows.push({ limit: limits.perMinute, ms: scale(MINUTE) });
    if (limits.perHour !== undefined) this.windows.push({ limit: limits.perHour, ms: scale(HOUR) });
  }

  /** Records the request if allowed; undefined when no limit is set. */
  check(key: string): RateVerdict | undefined {
    if (this.windows.length === 0) return undefined;
    const t = this.now();
    const log = this.hits.get(key) ?? { times: [], head: 0 };
    this.hits.set(key, log);
    prune(log, t - Math.max(...this.windows.map((w) => w.ms)));
    const counts = this.windows.map((w) => log.times.length - firstAfter(log.times, log.head, t - w.ms));
    let waitMs = 0;
    this.windows.forEach((w, i) => {
      if (counts[i]! >= w.limit) {
        // The request can pass once the hit that fills the window leaves it.
        const filling = log.times[log.times.length - w.limit]!;
        waitMs = Math.max(waitMs, filling + w.ms - t);
      }
    });
    const allowed = waitMs === 0;
    if (allowed) log.times.push(t);
    // Report the window with the fewest requests left.
    let best = 0;
    let bestLeft = Infinity;
    this.windows.forEach((w, i) => {
      const left = w.limit - counts[i]! - (allowed ? 1 : 0);
      if (left < bestLeft) [best, bestLeft] = [i, left];
    });
    const w = this.windows[best]!;
    const oldest = log.times[firstAfter(log.times, log.head, t - w.ms)];
    return {
      allowed,
      limit: w.limit,
      remaining: Math.max(0, bestLeft),
      resetAt: allowed ? (oldest ?? t) + w.ms : t + waitMs,
      waitMs: Math.max(0, waitMs),
    };
  }
}

/** Drops times at or before `cutoff`; compacts the array once the dead head is large. */
function prune(log: { times: number[]; head: number }, cutoff: number): void {
  log.head = firstAfter(log.times, log.head, cutoff);
  if (log.head > 1024 && log.head * 2 > log.times.length) {
    log.times = log.times.slice(log.head);
    log.head = 0;
  }
}

/** Index of the first time > `after` in the sorted `times[from..]`. */
function firstAfter(times: number[], from: number, after: number): number {
  let lo = from;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! > after) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
