/** The request budget on a fake clock: assumed windows, the server's count, probes after a reset, priorities, long polls, Retry-After. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RequestBudget, type BudgetWait, type Ticket } from '../../src/api/request-budget.js';

/** Acquires and records when (fake ms since the start) each request was let through. */
function tracker(budget: RequestBudget, start: number) {
  const granted: Array<{ name: string; at: number; ticket: Ticket }> = [];
  const ask = (name: string, options: { priority?: number; late?: boolean } = {}) =>
    budget.acquire(undefined, options).then((ticket) => void granted.push({ name, at: Date.now() - start, ticket }));
  return { granted, ask, names: () => granted.map((g) => g.name) };
}

const headers = (remaining: number, resetAtMs: number) => ({ 'x-ratelimit-remaining': String(remaining), 'x-ratelimit-reset': String(resetAtMs / 1000) });

describe('RequestBudget', () => {
  let start: number;
  beforeEach(() => {
    vi.useFakeTimers();
    start = Date.parse('2026-01-01T00:00:00Z');
    vi.setSystemTime(start);
  });
  afterEach(() => vi.useRealTimers());

  it('assumes the documented 60 a minute until the server says more: 60 at once, the 61st a window later', async () => {
    const budget = new RequestBudget();
    const t = tracker(budget, start);
    for (let i = 0; i < 61; i++) void t.ask(`r${i}`);
    await vi.advanceTimersByTimeAsync(0);
    expect(t.granted).toHaveLength(60);
    expect(budget.free()).toBe(0);
    await vi.advanceTimersByTimeAsync(61_000);
    expect(t.granted).toHaveLength(60);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(t.granted).toHaveLength(61);
    // The window plus its margin (2 % and 250 ms) for server clocks and network delays.
    expect(t.granted[60]!.at).toBe(61_450);
  });

  it('once answers carry the server count it rules: what is left goes, then one probe at the reset, then what its answer says', async () => {
    const budget = new RequestBudget();
    const t = tracker(budget, start);
    void t.ask('first');
    await vi.advanceTimersByTimeAsync(0);
    budget.observe(t.granted[0]!.ticket, 200, headers(2, start + 10_000));
    for (const name of ['a', 'b', 'c', 'd', 'e']) void t.ask(name);
    await vi.advanceTimersByTimeAsync(0);
    expect(t.names()).toEqual(['first', 'a', 'b']);
    expect(budget.free()).toBe(0);
    for (const g of t.granted.slice(1)) budget.observe(g.ticket, 200, headers(2 - t.granted.indexOf(g), start + 10_000));
    expect(budget.free()).toBe(0);
    await vi.advanceTimersByTimeAsync(10_000 + 30);
    // The reset frees at least one slot: exactly one request learns how many.
    expect(t.names()).toEqual(['first', 'a', 'b', 'c']);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(t.granted).toHaveLength(4);
    budget.observe(t.granted[3]!.ticket, 200, headers(5, start + 70_000));
    await vi.advanceTimersByTimeAsync(0);
    expect(t.names()).toEqual(['first', 'a', 'b', 'c', 'd', 'e']);
    expect(budget.free()).toBe(3);
  });

  it('a count leaves out requests sent after it and those sent before it still out; an older answer never overrides a newer one', async () => {
    const budget = new RequestBudget();
    const t = tracker(budget, start);
    for (const name of ['old', 'new', 'later']) void t.ask(name);
    await vi.advanceTimersByTimeAsync(0);
    const [old, recent] = t.granted;
    // 'later' went after the request this count is about; 'old' went before it but may have
    // reached the server after it (another connection): both may be missing from the count.
    budget.observe(recent!.ticket, 200, headers(10, start + 60_000));
    expect(budget.free()).toBe(8);
    budget.observe(old!.ticket, 200, headers(50, start + 60_000));
    expect(budget.free()).toBe(8);
  });

  it('a long poll out for long is not counted off: it reached the server long ago', async () => {
    const budget = new RequestBudget({ assumed: [] });
    const t = tracker(budget, start);
    void t.ask('long poll', { late: true });
    await vi.advanceTimersByTimeAsync(5_000);
    void t.ask('short');
    await vi.advanceTimersByTimeAsync(0);
    budget.observe(t.granted[1]!.ticket, 200, headers(7, start + 60_000));
    expect(budget.free()).toBe(7);
  });

  it('grants waiting requests by priority, then in call order', async () => {
    const budget = new RequestBudget({ windows: [{ limit: 1, windowMs: 1000 }], assumed: [] });
    const t = tracker(budget, start);
    void t.ask('first');
    void t.ask('low', { priority: 1 });
    void t.ask('high-1', { priority: 5 });
    void t.ask('high-2', { priority: 5 });
    void t.ask('default');
    for (let i = 0; i < 5; i++) await vi.advanceTimersByTimeAsync(1_300);
    expect(t.names()).toEqual(['first', 'high-1', 'high-2', 'low', 'default']);
  });

  it('a long poll never probes a reset while another request waits, and alone probes it only after a grace', async () => {
    const budget = new RequestBudget({ assumed: [] });
    const t = tracker(budget, start);
    void t.ask('first');
    await vi.advanceTimersByTimeAsync(0);
    budget.observe(t.granted[0]!.ticket, 200, headers(0, start + 1_000));
    void t.ask('long poll', { late: true, priority: 100 });
    void t.ask('submission', { priority: 1 });
    await vi.advanceTimersByTimeAsync(1_030);
    expect(t.names()).toEqual(['first', 'submission']);
    budget.observe(t.granted[1]!.ticket, 200, headers(3, start + 61_000));
    await vi.advanceTimersByTimeAsync(0);
    expect(t.names()).toEqual(['first', 'submission', 'long poll']);

    const alone = new RequestBudget({ assumed: [] });
    const u = tracker(alone, start);
    void u.ask('first');
    await vi.advanceTimersByTimeAsync(0);
    alone.observe(u.granted[0]!.ticket, 200, headers(0, Date.now() + 1_000));
    void u.ask('long poll', { late: true });
    await vi.advanceTimersByTimeAsync(1_030);
    expect(u.names()).toEqual(['first']);
    expect(alone.probing()).toBe(true);
    await vi.advanceTimersByTimeAsync(60);
    expect(u.names()).toEqual(['first', 'long poll']);
    expect(alone.probing()).toBe(false);
  });

  it("a 429's Retry-After pauses every request, and is counted", async () => {
    const budget = new RequestBudget({ assumed: [] });
    const t = tracker(budget, start);
    void t.ask('first');
    await vi.advanceTimersByTimeAsync(0);
    budget.observe(t.granted[0]!.ticket, 429, {}, 3_000);
    void t.ask('second');
    await vi.advanceTimersByTimeAsync(2_900);
    expect(t.granted).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(200);
    expect(t.names()).toEqual(['first', 'second']);
    expect(budget.stats.rateLimited).toBe(1);
  });

  it('changed() resolves when an answer frees requests, and after a second at the latest', async () => {
    const budget = new RequestBudget({ assumed: [] });
    const t = tracker(budget, start);
    void t.ask('first');
    await vi.advanceTimersByTimeAsync(0);
    budget.observe(t.granted[0]!.ticket, 200, headers(0, start + 30_000));
    let changed = false;
    void budget.changed().then(() => (changed = true));
    await vi.advanceTimersByTimeAsync(500);
    expect(changed).toBe(false);
    budget.observe(t.granted[0]!.ticket, 200, headers(4, start + 30_000));
    await vi.advanceTimersByTimeAsync(0);
    expect(changed).toBe(true);
    let again = false;
    void budget.changed().then(() => (again = true));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(again).toBe(true);
  });

  it('without any limit, nothing waits and free() is unbounded', async () => {
    const budget = new RequestBudget({ assumed: [] });
    const t = tracker(budget, start);
    for (let i = 0; i < 500; i++) void t.ask(`r${i}`);
    await vi.advanceTimersByTimeAsync(0);
    expect(t.granted).toHaveLength(500);
    expect(budget.free()).toBe(Infinity);
  });

  it('an aborted wait rejects and leaves its place to the next', async () => {
    const budget = new RequestBudget({ windows: [{ limit: 1, windowMs: 1000 }], assumed: [] });
    const t = tracker(budget, start);
    void t.ask('first');
    const ac = new AbortController();
    const aborted = budget.acquire(ac.signal, { priority: 9 });
    void t.ask('next');
    ac.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    await vi.advanceTimersByTimeAsync(1_300);
    expect(t.names()).toEqual(['first', 'next']);
  });

  it('tells onWait when requests start waiting a second or more, why, and not again for each slot a window frees', async () => {
    const waits: BudgetWait[] = [];
    const window = { limit: 3, windowMs: 10_000 };
    const budget = new RequestBudget({ windows: [window], assumed: [], onWait: (w) => waits.push(w) });
    const t = tracker(budget, start);
    // Three requests 4 s apart fill the window; the window (plus its 2 % and 250 ms margin) frees them one by one.
    for (const at of [0, 4_000, 8_000]) {
      void t.ask(`at ${at}`);
      await vi.advanceTimersByTimeAsync(at === 8_000 ? 0 : 4_000);
    }
    void t.ask('a');
    void t.ask('b');
    await vi.advanceTimersByTimeAsync(0);
    expect(t.granted).toHaveLength(3);
    expect(waits).toEqual([{ waitMs: 2_450, cause: 'limit', window }]);
    await vi.advanceTimersByTimeAsync(2_450);
    expect(t.names()).toEqual(['at 0', 'at 4000', 'at 8000', 'a']);
    // b now waits 4 s for the next slot, ending within 10 s of the wait told: not told again.
    expect(waits).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(4_000);
    expect(t.granted).toHaveLength(5);
    // A wait that starts later is told again.
    await vi.advanceTimersByTimeAsync(30_000);
    for (let i = 0; i < 4; i++) void t.ask(`r${i}`);
    await vi.advanceTimersByTimeAsync(0);
    expect(waits.map((w) => w.cause)).toEqual(['limit', 'limit']);
  });

  it('onWait names the documented limit, the server count and a Retry-After apart, and ignores waits under a second', async () => {
    const waits: BudgetWait[] = [];
    const documented = new RequestBudget({ onWait: (w) => waits.push(w) });
    const d = tracker(documented, start);
    for (let i = 0; i < 61; i++) void d.ask(`r${i}`);
    await vi.advanceTimersByTimeAsync(0);
    expect(waits).toEqual([{ waitMs: 61_450, cause: 'documented', window: { limit: 60, windowMs: 60_000 } }]);

    waits.length = 0;
    const server = new RequestBudget({ assumed: [], onWait: (w) => waits.push(w) });
    const s = tracker(server, start);
    void s.ask('first');
    await vi.advanceTimersByTimeAsync(0);
    server.observe(s.granted[0]!.ticket, 200, headers(0, start + 20_000));
    void s.ask('second');
    await vi.advanceTimersByTimeAsync(0);
    expect(waits).toEqual([{ waitMs: 20_025, cause: 'server' }]);

    waits.length = 0;
    const paused = new RequestBudget({ assumed: [], onWait: (w) => waits.push(w) });
    const p = tracker(paused, start);
    void p.ask('first');
    await vi.advanceTimersByTimeAsync(0);
    paused.observe(p.granted[0]!.ticket, 429, {}, 500);
    void p.ask('short');
    await vi.advanceTimersByTimeAsync(600);
    expect(waits).toEqual([]);
    paused.observe(p.granted[1]!.ticket, 429, {}, 5_000);
    void p.ask('long');
    await vi.advanceTimersByTimeAsync(0);
    expect(waits).toEqual([{ waitMs: 5_000, cause: 'retry_after' }]);
  });

  it("onWait tells the whole wait of --rate-limit when the server's own count would let more through sooner", async () => {
    const waits: BudgetWait[] = [];
    const window = { limit: 2, windowMs: 60_000 };
    const budget = new RequestBudget({ windows: [window], assumed: [], onWait: (w) => waits.push(w) });
    const t = tracker(budget, start);
    void t.ask('a');
    void t.ask('b');
    await vi.advanceTimersByTimeAsync(0);
    for (const g of t.granted) budget.observe(g.ticket, 200, headers(50, start + 6_000));
    void t.ask('c');
    await vi.advanceTimersByTimeAsync(0);
    // The server frees slots in 6 s, but ours lasts the minute (plus margins): that is the wait.
    expect(waits).toEqual([{ waitMs: 61_450, cause: 'limit', window }]);
    await vi.advanceTimersByTimeAsync(61_450);
    expect(t.names()).toEqual(['a', 'b', 'c']);
    expect(waits).toHaveLength(1);
  });

  it('onWait is told also when a caller that paces itself waits in changed() for spent requests', async () => {
    const waits: BudgetWait[] = [];
    const window = { limit: 2, windowMs: 10_000 };
    const budget = new RequestBudget({ windows: [window], assumed: [], onWait: (w) => waits.push(w) });
    const t = tracker(budget, start);
    void t.ask('a');
    void t.ask('b');
    await vi.advanceTimersByTimeAsync(0);
    void budget.changed();
    expect(waits).toEqual([{ waitMs: 10_450, cause: 'limit', window }]);
    // With requests free, a caller waiting in changed() waits for its own reasons: nothing is told.
    await vi.advanceTimersByTimeAsync(11_000);
    waits.length = 0;
    void budget.changed();
    expect(waits).toEqual([]);
  });
});
