/**
 * One request budget for a whole run (submissions, polls, lookups, uploads; CDN downloads are not
 * API requests). It spaces requests so that a run at the limit is answered no 429. Until the server
 * says otherwise, sliding windows mirror the documented limits (60 a minute, 1,000 an hour per key);
 * once answers carry `X-RateLimit-Remaining`/`X-RateLimit-Reset`, the server's own count rules.
 * `Retry-After` pauses everything. Limits given by the user (`--rate-limit`) always apply too.
 */
import { sleep } from './backoff.js';

/** A rate as requests per window. */
export interface RateWindow {
  limit: number;
  windowMs: number;
}

export const DOCUMENTED_LIMITS: readonly RateWindow[] = [
  { limit: 60, windowMs: 60_000 },
  { limit: 1000, windowMs: 3_600_000 },
];

/** Server clocks and network delays shift window edges: a request counts a little longer than its window. */
const EDGE_MARGIN = 1.02;
const EDGE_MARGIN_MS = 250;

export interface RequestBudgetOptions {
  /** Limits the user set: always applied, whatever the server says. */
  windows?: readonly RateWindow[];
  /** Assumed until the server's headers say otherwise (the documented limits by default; [] for none). */
  assumed?: readonly RateWindow[];
  now?: () => number;
}

/** When a request was let through (handed back with its answer). */
export type Ticket = number;

/** Paces requests; `acquire` resolves when one may be sent, `observe` reads each answer's headers. */
export class RequestBudget {
  private readonly windows: RateWindow[];
  private readonly assumed: RateWindow[];
  private readonly now: () => number;
  private readonly sent: number[] = [];
  /** The server's count (once it gives one): requests left until `resetAt`, less those sent since. */
  private remaining: number | undefined;
  private resetAt = 0;
  /** Nothing is sent before this (a 429's Retry-After). */
  private pausedUntil = 0;
  private queue: Promise<unknown> = Promise.resolve();
  /** Requests let through, how long they waited in all, and 429s seen (for benchmarks and --verbose). */
  readonly stats = { requests: 0, waitedMs: 0, rateLimited: 0 };

  constructor(options: RequestBudgetOptions = {}) {
    this.windows = [...(options.windows ?? [])];
    this.assumed = [...(options.assumed ?? DOCUMENTED_LIMITS)];
    this.now = options.now ?? Date.now;
  }

  /** Waits for a slot, then counts the request as sent. Slots are granted in call order. */
  acquire(signal?: AbortSignal): Promise<Ticket> {
    const turn = this.queue.then(() => this.waitForSlot(signal));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** Reads an answer to the request of `ticket`: the server's rate-limit headers and a 429's Retry-After. */
  observe(ticket: Ticket, status: number, headers: Record<string, string | string[] | undefined>, retryAfterMs?: number): void {
    const t = this.now();
    const remaining = num(headers['x-ratelimit-remaining']);
    const reset = num(headers['x-ratelimit-reset']);
    if (remaining !== undefined) {
      // The count is as of this request; those sent after it may not be in it yet.
      const sentSince = this.sent.filter((s) => s > ticket).length;
      const fresh = remaining - sentSince;
      const resetAt = reset === undefined ? t + 1000 : reset > 1e9 ? reset * 1000 : t + reset * 1000;
      if (this.remaining === undefined || ticket >= this.lastTicket) {
        this.remaining = fresh;
        this.resetAt = resetAt;
        this.lastTicket = ticket;
      }
    }
    if (status === 429) {
      this.stats.rateLimited++;
      this.pausedUntil = Math.max(this.pausedUntil, t + (retryAfterMs ?? 1000));
    }
  }

  private lastTicket = -Infinity;

  private async waitForSlot(signal?: AbortSignal): Promise<Ticket> {
    const started = this.now();
    for (;;) {
      const wait = this.delay();
      if (wait <= 0) break;
      await sleep(Math.max(1, wait), signal);
    }
    let t = this.now();
    // Tickets are strictly increasing, so "sent after this one" is well defined.
    if (this.sent.length > 0 && t <= this.sent[this.sent.length - 1]!) t = this.sent[this.sent.length - 1]! + 1e-3;
    this.stats.waitedMs += t - started;
    this.stats.requests++;
    this.sent.push(t);
    if (this.remaining !== undefined) this.remaining--;
    this.prune(t);
    return t;
  }

  /** How long to wait before the next request may go (≤ 0: now). */
  private delay(): number {
    const t = this.now();
    let wait = this.pausedUntil - t;
    if (this.remaining !== undefined) {
      if (this.remaining <= 0) {
        if (t < this.resetAt) wait = Math.max(wait, this.resetAt - t);
        // Past the reset a slot is free again: one request, then its answer says how many more.
        else this.remaining = 1;
      }
    }
    const windows = this.remaining === undefined ? [...this.windows, ...this.assumed] : this.windows;
    for (const w of windows) {
      const span = w.windowMs * EDGE_MARGIN + EDGE_MARGIN_MS;
      const inWindow = this.sent.filter((s) => s > t - span);
      if (inWindow.length >= w.limit) wait = Math.max(wait, inWindow[inWindow.length - w.limit]! + span - t);
    }
    return wait;
  }

  private prune(t: number): void {
    const all = [...this.windows, ...this.assumed];
    const longest = all.length > 0 ? Math.max(...all.map((w) => w.windowMs * EDGE_MARGIN + EDGE_MARGIN_MS)) : 60_000;
    // Keep enough history to count "sent since" a long poll that is still out (up to a few minutes).
    const keep = Math.max(longest, 5 * 60_000);
    while (this.sent.length > 0 && this.sent[0]! <= t - keep) this.sent.shift();
  }
}

/** Parses `--rate-limit`: `30` (a minute), `30/min`, `500/h`, `2/s`, or several joined by commas. */
export function parseRateLimit(text: string): RateWindow[] {
  const units: Record<string, number> = { s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000, hour: 3_600_000 };
  return text.split(',').map((part) => {
    const m = /^\s*(\d+)\s*(?:\/\s*([a-z]+))?\s*$/i.exec(part);
    const unit = m?.[2]?.toLowerCase() ?? 'min';
    if (!m || !(unit in units) || Number(m[1]) < 1) throw new Error(`"${part.trim()}" is not a rate: write e.g. 30, 30/min, 500/h or 2/s`);
    return { limit: Number(m[1]), windowMs: units[unit]! };
  });
}

function num(v: string | string[] | undefined): number | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  if (s === undefined || s.trim() === '') return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}
