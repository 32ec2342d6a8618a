/**
 * One request budget for a whole run (submissions, polls, lookups, uploads; CDN downloads are not
 * API requests). It spaces requests so that a run at the limit is answered no 429. Until the server
 * says otherwise, sliding windows mirror the documented limits (60 a minute, 1,000 an hour per key);
 * once answers carry `X-RateLimit-Remaining`/`X-RateLimit-Reset`, the server's own count rules.
 * `Retry-After` pauses everything. Limits given by the user (`--rate-limit`) always apply too.
 *
 * Waiting requests go out by priority (then in call order): callers rank what is on the critical
 * path above what can wait. A long poll is "late" (its answer, and so the server's count, comes back
 * only when the job ends), so it never serves as the probe that learns how many slots a reset freed.
 */
/** A rate as requests per window. */
export interface RateWindow {
  limit: number;
  windowMs: number;
}

export const DOCUMENTED_LIMITS: readonly RateWindow[] = [
  { limit: 60, windowMs: 60_000 },
  { limit: 1000, windowMs: 3_600_000 },
];

/** Reads of job state rank above every submission: they are what the dependants wait for. */
export const POLL_PRIORITY = 1e9;

/** Server clocks and network delays shift window edges: a request counts a little longer than its window. */
const EDGE_MARGIN = 1.02;
const EDGE_MARGIN_MS = 250;
/** The server's reset instant is its own (rounded up to its precision): a little later is enough. */
const RESET_MARGIN_MS = 25;
/** After a reset, a long poll may probe only when no other request came to do it within this time. */
const LATE_PROBE_GRACE_MS = 50;
/** A long poll sent this long before another request was surely counted before it. */
const SURELY_ARRIVED_MS = 1000;
/** A caller waiting for free requests looks again at least this often. */
const RECHECK_MS = 1000;
/** History kept to count "sent since" a request whose answer is still out (long polls last minutes). */
const HISTORY_MS = 5 * 60_000;
/** A wait shorter than this is not worth telling the user about. */
const NOTICE_MIN_MS = 1000;
/** A wait ending within this time of the last one told about is not told again (a sliding window frees slots one by one). */
const NOTICE_GAP_MS = 10_000;

/** Why requests are held back: a 429's Retry-After, the server's count at 0, or a window of ours (the user's or the documented one). */
export type BudgetWaitCause = 'retry_after' | 'server' | 'limit' | 'documented';

/** A pause long enough to tell the user about (see RequestBudgetOptions.onWait). */
export interface BudgetWait {
  /** How long the next request waits, in ms. */
  waitMs: number;
  cause: BudgetWaitCause;
  /** The window that is spent, for `limit` and `documented`. */
  window?: RateWindow;
}

export interface RequestBudgetOptions {
  /** Limits the user set: always applied, whatever the server says. */
  windows?: readonly RateWindow[];
  /** Assumed until the server's headers say otherwise (the documented limits by default; [] for none). */
  assumed?: readonly RateWindow[];
  now?: () => number;
  /**
   * Told when requests start waiting a second or more, so that a user knows why the run pauses;
   * waits that follow one another closely (a sliding window freeing slots one by one) are told once.
   */
  onWait?: (wait: BudgetWait) => void;
}

/** How one request waits for its slot. */
export interface AcquireOptions {
  /** Higher goes first (default 0); equal priorities go in call order. */
  priority?: number;
  /** A long poll: its answer comes back late, so it is never the request that probes a reset. */
  late?: boolean;
}

/** When a request was let through (handed back with its answer). */
export type Ticket = number;

interface Waiter {
  priority: number;
  late: boolean;
  seq: number;
  grant: (t: Ticket) => void;
  drop: () => void;
}

/** Paces requests; `acquire` resolves when one may be sent, `observe` reads each answer's headers. */
export class RequestBudget {
  private readonly windows: RateWindow[];
  private readonly assumed: RateWindow[];
  private readonly now: () => number;
  /** Times of the requests let through, oldest first (strictly increasing). */
  private readonly sent: number[] = [];
  /** The server's count (once it gives one): requests left until `resetAt`, less those sent since. */
  private remaining: number | undefined;
  private resetAt = 0;
  private lastTicket = -Infinity;
  /** After a reset the server's count is unknown: one request goes, and its answer tells. */
  private probe: Ticket | undefined;
  /** Nothing is sent before this (a 429's Retry-After). */
  private pausedUntil = 0;
  private readonly waiters: Waiter[] = [];
  /** Requests let through whose answer has not been read yet: ticket → whether it is a long poll. */
  private readonly outstanding = new Map<Ticket, boolean>();
  private seq = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerAt = Infinity;
  private changeWaiters: Array<() => void> = [];
  private readonly onWait: ((wait: BudgetWait) => void) | undefined;
  /** When the last wait told about ends (-Infinity before any). */
  private noticeEnd = -Infinity;
  /** Requests let through, how long they waited in all, and 429s seen (for benchmarks and --verbose). */
  readonly stats = { requests: 0, waitedMs: 0, rateLimited: 0 };

  constructor(options: RequestBudgetOptions = {}) {
    this.windows = [...(options.windows ?? [])];
    this.assumed = [...(options.assumed ?? DOCUMENTED_LIMITS)];
    this.now = options.now ?? Date.now;
    this.onWait = options.onWait;
  }

  /** Waits for a slot, then counts the request as sent. */
  acquire(signal?: AbortSignal, options: AcquireOptions = {}): Promise<Ticket> {
    return new Promise<Ticket>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const asked = this.now();
      const onAbort = () => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(signal!.reason);
        this.schedule();
      };
      const waiter: Waiter = {
        priority: options.priority ?? 0,
        late: options.late ?? false,
        seq: this.seq++,
        grant: (t) => {
          signal?.removeEventListener('abort', onAbort);
          this.stats.waitedMs += t - asked;
          resolve(t);
        },
        drop: onAbort,
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
      this.schedule();
    });
  }

  /** Reads an answer to the request of `ticket`: the server's rate-limit headers and a 429's Retry-After. */
  observe(ticket: Ticket, status: number, headers: Record<string, string | string[] | undefined>, retryAfterMs?: number): void {
    const t = this.now();
    const remaining = num(headers['x-ratelimit-remaining']);
    const reset = num(headers['x-ratelimit-reset']);
    this.outstanding.delete(ticket);
    if (remaining !== undefined && (this.remaining === undefined || ticket >= this.lastTicket)) {
      // The count is as of this request's arrival: those sent after it may not be in it yet, and
      // neither may those sent just before it that are still out (another connection can be slower).
      this.remaining = remaining - this.sentAfter(ticket) - this.outBefore(ticket);
      this.resetAt = reset === undefined ? t + 1000 : reset > 1e9 ? reset * 1000 : t + reset * 1000;
      this.lastTicket = ticket;
    }
    if (this.probe !== undefined && ticket >= this.probe) this.probe = undefined;
    if (status === 429) {
      this.stats.rateLimited++;
      this.pausedUntil = Math.max(this.pausedUntil, t + (retryAfterMs ?? 1000));
    }
    this.notifyChange();
    this.schedule();
  }

  /** A request of `ticket` ended without an answer to read (a connection error): it is no longer out. */
  done(ticket: Ticket): void {
    this.outstanding.delete(ticket);
  }

  /**
   * How many more requests could go out now without waiting, after those already waiting
   * (Infinity when no limit is known). Callers that pace their own work (batch submissions) read it.
   */
  free(): number {
    return Math.max(0, this.slots(this.now()).free - this.waiters.length);
  }

  /** Whether the next request is the one that learns how many slots the server's reset freed. */
  probing(): boolean {
    const t = this.now();
    return this.remaining !== undefined && this.remaining <= 0 && t >= this.resetAt + RESET_MARGIN_MS && this.probe === undefined;
  }

  /**
   * Resolves the next time more requests may be free: an answer was read, a window slid, a pause
   * ended; and after a second at the latest, so that a caller always looks again.
   */
  changed(): Promise<void> {
    return new Promise((resolve) => {
      this.changeWaiters.push(resolve);
      const t = this.now();
      const { free, wakeAt } = this.slots(t);
      this.armTimer(Math.min(wakeAt, t + RECHECK_MS));
      // A caller that paces its own requests (batch submissions) waits here, not in acquire.
      if (free < 1) this.notice(t, wakeAt);
    });
  }

  /** Lets through every waiter that may go now, best first; arms a timer for the next one. */
  private schedule(): void {
    for (;;) {
      const t = this.now();
      const { free, wakeAt } = this.slots(t);
      const next = free >= 1 ? this.pick(t) : undefined;
      if (!next) {
        const lateWake = this.probing() && this.waiters.length > 0 ? this.resetAt + RESET_MARGIN_MS + LATE_PROBE_GRACE_MS : Infinity;
        this.armTimer(free >= 1 ? lateWake : wakeAt);
        if (free < 1) this.notice(t, wakeAt);
        return;
      }
      this.waiters.splice(this.waiters.indexOf(next), 1);
      const ticket = this.take(t);
      this.outstanding.set(ticket, next.late);
      next.grant(ticket);
    }
  }

  /** The waiter to let through next: the best one, but a long poll probes a reset only after a grace. */
  private pick(t: number): Waiter | undefined {
    let best: Waiter | undefined;
    let bestShort: Waiter | undefined;
    for (const w of this.waiters) {
      if (!best || better(w, best)) best = w;
      if (!w.late && (!bestShort || better(w, bestShort))) bestShort = w;
    }
    if (!best || !this.probing() || !best.late) return best;
    if (bestShort) return bestShort;
    return t >= this.resetAt + RESET_MARGIN_MS + LATE_PROBE_GRACE_MS ? best : undefined;
  }

  /** Counts one request as sent at `t`. */
  private take(now: number): Ticket {
    const last = this.sent[this.sent.length - 1];
    // Tickets are strictly increasing, so "sent after this one" is well defined.
    const t = last !== undefined && now <= last ? last + 1e-3 : now;
    if (this.probing()) this.probe = t;
    this.stats.requests++;
    this.sent.push(t);
    if (this.remaining !== undefined) this.remaining--;
    while (this.sent.length > 0 && this.sent[0]! <= t - Math.max(HISTORY_MS, this.longestSpan())) this.sent.shift();
    return t;
  }

  /** Requests that may go now, and when that may grow if it is limited. */
  private slots(t: number): { free: number; wakeAt: number } {
    let free = Infinity;
    let wakeAt = Infinity;
    if (t < this.pausedUntil) return { free: 0, wakeAt: this.pausedUntil };
    if (this.remaining !== undefined) {
      if (this.remaining > 0) free = this.remaining;
      else if (t < this.resetAt + RESET_MARGIN_MS) return { free: 0, wakeAt: this.resetAt + RESET_MARGIN_MS };
      else if (this.probe !== undefined) free = 0; // the probe's answer says more (observe wakes us)
      else free = 1;
    }
    const windows = this.remaining === undefined ? [...this.windows, ...this.assumed] : this.windows;
    for (const w of windows) {
      const span = w.windowMs * EDGE_MARGIN + EDGE_MARGIN_MS;
      const inWindow = this.sent.filter((s) => s > t - span);
      const left = w.limit - inWindow.length;
      if (left <= 0) wakeAt = Math.min(wakeAt, inWindow[inWindow.length - w.limit]! + span);
      else if (inWindow.length > 0) wakeAt = Math.min(wakeAt, inWindow[0]! + span);
      free = Math.min(free, Math.max(0, left));
    }
    if (free <= 0 && this.remaining !== undefined && this.remaining > 0) wakeAt = Math.min(wakeAt, this.resetAt + RESET_MARGIN_MS);
    return { free, wakeAt };
  }

  /**
   * Tells onWait when someone waits (in acquire or changed), for long, and it was not just told. The wait told is that of
   * the constraint that frees last (the timer may wake sooner, at the server's reset, to look again).
   */
  private notice(t: number, wakeAt: number): void {
    if (!this.onWait || (this.waiters.length === 0 && this.changeWaiters.length === 0)) return;
    const held = this.holding(t);
    const until = Math.max(held?.until ?? -Infinity, Number.isFinite(wakeAt) ? wakeAt : -Infinity);
    const waitMs = Math.ceil(until - t);
    if (!held || waitMs < NOTICE_MIN_MS || until <= this.noticeEnd + NOTICE_GAP_MS) return;
    this.noticeEnd = until;
    this.onWait({ waitMs, cause: held.cause, ...(held.window ? { window: held.window } : {}) });
  }

  /** What holds requests back at `t`, and until when: of several, the one that frees last. */
  private holding(t: number): { cause: BudgetWaitCause; until: number; window?: RateWindow } | undefined {
    const held: Array<{ cause: BudgetWaitCause; until: number; window?: RateWindow }> = [];
    if (t < this.pausedUntil) held.push({ cause: 'retry_after', until: this.pausedUntil });
    if (this.remaining !== undefined && this.remaining <= 0 && t < this.resetAt + RESET_MARGIN_MS) held.push({ cause: 'server', until: this.resetAt + RESET_MARGIN_MS });
    const spent = (w: RateWindow, cause: BudgetWaitCause) => {
      const span = w.windowMs * EDGE_MARGIN + EDGE_MARGIN_MS;
      const inWindow = this.sent.filter((s) => s > t - span);
      if (inWindow.length >= w.limit) held.push({ cause, until: inWindow[inWindow.length - w.limit]! + span, window: w });
    };
    for (const w of this.windows) spent(w, 'limit');
    if (this.remaining === undefined) for (const w of this.assumed) spent(w, 'documented');
    return held.reduce<(typeof held)[number] | undefined>((a, b) => (!a || b.until > a.until ? b : a), undefined);
  }

  private armTimer(at: number): void {
    if (this.waiters.length === 0 && this.changeWaiters.length === 0) {
      // Nobody waits: a timer left behind must not keep the process alive for a window.
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      this.timerAt = Infinity;
      return;
    }
    if (!Number.isFinite(at) || (this.timer && this.timerAt <= at)) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      this.notifyChange();
      this.schedule();
    }, Math.max(1, at - this.now()));
  }

  private notifyChange(): void {
    const waiting = this.changeWaiters;
    if (waiting.length === 0) return;
    this.changeWaiters = [];
    for (const resolve of waiting) resolve();
  }

  /** Requests sent before `ticket` still out; a long poll out for long surely reached the server. */
  private outBefore(ticket: Ticket): number {
    let n = 0;
    for (const [t, late] of this.outstanding) if (t < ticket && !(late && t < ticket - SURELY_ARRIVED_MS)) n++;
    return n;
  }

  private sentAfter(ticket: Ticket): number {
    let n = 0;
    for (let i = this.sent.length - 1; i >= 0 && this.sent[i]! > ticket; i--) n++;
    return n;
  }

  private longestSpan(): number {
    const all = [...this.windows, ...this.assumed];
    return all.length > 0 ? Math.max(...all.map((w) => w.windowMs * EDGE_MARGIN + EDGE_MARGIN_MS)) : 0;
  }
}

function better(a: Waiter, b: Waiter): boolean {
  return a.priority > b.priority || (a.priority === b.priority && a.seq < b.seq);
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
