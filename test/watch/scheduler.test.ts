/** Debounce, one run in flight, coalescing: driven by injected timers, no real time. */
import { describe, expect, test } from 'vitest';
import { createRunScheduler, type Timers } from '../../src/watch/scheduler.js';

/** Timers that fire only when the test says so. */
function manualTimers(): Timers & { fireAll(): void; pending(): number } {
  let next = 1;
  const timers = new Map<number, () => void>();
  return {
    setTimeout: (fn) => {
      const id = next++;
      timers.set(id, fn);
      return id;
    },
    clearTimeout: (h) => void timers.delete(h as number),
    fireAll() {
      const fns = [...timers.values()];
      timers.clear();
      for (const fn of fns) fn();
    },
    pending: () => timers.size,
  };
}

/** A run whose end the test controls. */
function gatedRuns() {
  const gates: Array<() => void> = [];
  let active = 0;
  let maxActive = 0;
  let started = 0;
  return {
    run: () =>
      new Promise<void>((resolve) => {
        started++;
        maxActive = Math.max(maxActive, ++active);
        gates.push(() => {
          active--;
          resolve();
        });
      }),
    finishOne: async () => {
      gates.shift()?.();
      await new Promise((r) => setImmediate(r));
    },
    started: () => started,
    maxActive: () => maxActive,
    waiting: () => gates.length,
  };
}

describe('run scheduler', () => {
  test('a burst of changes becomes one run, after the quiet period', async () => {
    const timers = manualTimers();
    const runs = gatedRuns();
    const s = createRunScheduler(runs.run, { debounceMs: 50, timers });
    for (let i = 0; i < 10; i++) s.trigger();
    expect(runs.started()).toBe(0);
    expect(timers.pending()).toBe(1);
    timers.fireAll();
    expect(runs.started()).toBe(1);
    await runs.finishOne();
    await s.idle();
    expect(runs.started()).toBe(1);
  });

  test('changes during a run are coalesced into exactly one more run, never overlapping', async () => {
    const timers = manualTimers();
    const runs = gatedRuns();
    const s = createRunScheduler(runs.run, { debounceMs: 50, timers });
    s.trigger();
    timers.fireAll();
    expect(s.running).toBe(true);
    for (let i = 0; i < 5; i++) {
      s.trigger();
      timers.fireAll();
    }
    expect(runs.started()).toBe(1);
    await runs.finishOne();
    expect(runs.started()).toBe(2);
    await runs.finishOne();
    await s.idle();
    expect(runs.started()).toBe(2);
    expect(runs.maxActive()).toBe(1);
  });

  test('a failing run is reported and the next change still runs', async () => {
    const timers = manualTimers();
    const errors: unknown[] = [];
    let calls = 0;
    const s = createRunScheduler(
      async () => {
        calls++;
        if (calls === 1) throw new Error('boom');
      },
      { debounceMs: 10, timers, onError: (e) => errors.push(e) },
    );
    s.trigger();
    timers.fireAll();
    await s.idle();
    s.trigger();
    timers.fireAll();
    await s.idle();
    expect(calls).toBe(2);
    expect(errors.map((e) => (e as Error).message)).toEqual(['boom']);
  });

  test('close cancels what is scheduled and waits for the run in flight', async () => {
    const timers = manualTimers();
    const runs = gatedRuns();
    const s = createRunScheduler(runs.run, { debounceMs: 50, timers });
    s.trigger();
    timers.fireAll();
    s.trigger();
    let closed = false;
    const closing = s.close().then(() => (closed = true));
    await new Promise((r) => setImmediate(r));
    expect(closed).toBe(false);
    expect(timers.pending()).toBe(0);
    await runs.finishOne();
    await closing;
    s.trigger();
    expect(timers.pending()).toBe(0);
    expect(runs.started()).toBe(1);
  });

  test('with real timers a burst still gives one run', async () => {
    let calls = 0;
    const s = createRunScheduler(async () => void calls++, { debounceMs: 5 });
    for (let i = 0; i < 20; i++) s.trigger();
    await new Promise((r) => setTimeout(r, 30));
    await s.idle();
    expect(calls).toBe(1);
  });
});
