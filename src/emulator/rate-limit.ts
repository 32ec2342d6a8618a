/** Per-key sliding-window rate limit (per minute and per hour), off unless configured. */

const MINUTE = 60_000;
const HOUR = 3_600_000;

/** Counts requests per key; `check` answers the seconds to wait, or 0 when allowed. */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly limits: { perMinute: number | undefined; perHour: number | undefined },
    private readonly now: () => number,
  ) {}

  /** Records the request if allowed; returns 0, or the Retry-After seconds when over a limit. */
  check(key: string): number {
    const { perMinute, perHour } = this.limits;
    if (perMinute === undefined && perHour === undefined) return 0;
    const t = this.now();
    const list = (this.hits.get(key) ?? []).filter((x) => x > t - HOUR);
    let wait = 0;
    if (perMinute !== undefined) wait = Math.max(wait, waitFor(list, perMinute, t, MINUTE));
    if (perHour !== undefined) wait = Math.max(wait, waitFor(list, perHour, t, HOUR));
    if (wait === 0) list.push(t);
    this.hits.set(key, list);
    return wait;
  }
}

/** Seconds until the window holds fewer than `limit` hits (0 when it already does). */
function waitFor(list: number[], limit: number, t: number, windowMs: number): number {
  const inWindow = list.filter((x) => x > t - windowMs);
  if (inWindow.length < limit) return 0;
  const oldestThatMustLeave = inWindow[inWindow.length - limit]!;
  return Math.max(1, Math.ceil((oldestThatMustLeave + windowMs - t) / 1000));
}
