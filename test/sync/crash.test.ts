/** Crash safety end to end: SIGKILL at several points, then a rerun; SIGINT saves and resumes. No job twice, credits exact. */
import { describe, expect, test } from 'vitest';
import type { CliProcess } from '../helpers/cli.js';
import { expectFilesMatchLock, expectOneJobPerAsset, out, STANDARD_CREDITS, STANDARD_IDS, statuses, syncWorld, type SyncWorld } from '../helpers/sync-fixtures.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Small seeded generator, so the "random" kill delays are the same on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs to completion after the crashes and checks: every asset once, the minimum charge, verified files. */
async function expectFinishedExactly(w: SyncWorld, startBalance: number): Promise<void> {
  const r = await w.cli();
  expect(r.code, out(r)).toBe(0);
  const lock = await w.project.lock();
  expect(Object.keys(lock.assets).sort()).toEqual([...STANDARD_IDS]);
  expect(Object.values(statuses(lock))).toEqual(STANDARD_IDS.map(() => 'completed'));
  expect(lock.inflight).toBeUndefined();
  await expectOneJobPerAsset(w.emu, lock);
  expect(startBalance - (await w.emu.balance())).toBe(STANDARD_CREDITS);
  await expectFilesMatchLock(w.project, lock);
  const files = await w.project.files();
  expect(files.filter((f) => f.endsWith('.part'))).toEqual([]);
  expect(files).not.toContain('.masko/run.lock');
}

async function killWhen(p: CliProcess, when: RegExp | number): Promise<void> {
  if (typeof when === 'number') await sleep(when);
  else await p.waitForStderr(when);
  p.child.kill('SIGKILL');
  const r = await p.result;
  // A timed kill may come after a (fast) run already finished; that is fine too.
  if (typeof when !== 'number') expect(r.signal, r.stderr).toBe('SIGKILL');
}

describe.concurrent('crash safety end to end', () => {
  const points: Array<[string, RegExp]> = [
    ['the first accepted batch', /submitted /],
    ['the first completed asset', /completed\n/],
    ['the second level was submitted', /submitted [^\n]*wave-santa/],
  ];
  for (const [name, when] of points) {
    test(`SIGKILL after ${name}, then a rerun: no asset generated twice, the minimum charged`, async ({ onTestFinished }) => {
      const w = await syncWorld(onTestFinished);
      const start = await w.emu.balance();
      await killWhen(w.spawn(), when);
      await expectFinishedExactly(w, start);
    });
  }

  test('SIGKILL at seeded random moments, several times in a row, then a rerun', async ({ onTestFinished }) => {
    const w = await syncWorld(onTestFinished, { emulator: { latencyMs: 150 } });
    const start = await w.emu.balance();
    const random = seeded(20240611);
    for (let i = 0; i < 4; i++) await killWhen(w.spawn(), 150 + Math.round(random() * 700));
    await expectFinishedExactly(w, start);
  });

  test('the first SIGINT stops new submissions, records accepted jobs as pending and exits 130; the next run resumes them', async ({ onTestFinished }) => {
    // Slow images, so the first batch is still running when the signal comes.
    const w = await syncWorld(onTestFinished, { emulator: { latencyMs: { image: 2500, edit: 50, animation: 50, transition: 50, logo: 50 } } });
    const start = await w.emu.balance();
    const p = w.spawn();
    await p.waitForStderr(/submitted idle, wave/);
    p.child.kill('SIGINT');
    const r = await p.result;
    expect(r.code, out(r)).toBe(130);
    expect(r.stderr).toMatch(/SIGINT/);
    const lock = await w.project.lock();
    expect(statuses(lock)).toEqual({ idle: 'pending', wave: 'pending' });
    expect((await w.emu.jobs()).map((j) => j.id).sort()).toEqual([lock.assets.idle!.job_id, lock.assets.wave!.job_id].sort());
    expect(await w.project.files()).not.toContain('.masko/run.lock');

    const generates = w.emu.emu.stats().generateRequests;
    await expectFinishedExactly(w, start);
    const done = await w.project.lock();
    expect(done.assets.idle!.job_id).toBe(lock.assets.idle!.job_id);
    expect(done.assets.wave!.job_id).toBe(lock.assets.wave!.job_id);
    // Only the second level was submitted: one batch for the three dependants.
    expect(w.emu.emu.stats().generateRequests - generates).toBe(1);
  });

  test('a second SIGINT stops at once; the lock on disk is whole and the next run finishes exactly', async ({ onTestFinished }) => {
    const w = await syncWorld(onTestFinished, { emulator: { latencyMs: { image: 2500, edit: 50, animation: 50, transition: 50, logo: 50 } } });
    const start = await w.emu.balance();
    const p = w.spawn();
    await p.waitForStderr(/submitted idle, wave/);
    p.child.kill('SIGINT');
    await p.waitForStderr(/SIGINT/);
    p.child.kill('SIGINT');
    const r = await p.result;
    expect(r.code, out(r)).toBe(130);
    expect(Object.keys((await w.project.lock()).assets).sort()).toEqual(['idle', 'wave']);
    await expectFinishedExactly(w, start);
  });
});
