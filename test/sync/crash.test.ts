/** Crash safety end to end: SIGKILL at several points, then a rerun; SIGINT saves and resumes. No job twice, credits exact. */
import { describe, expect, test } from 'vitest';
import { seededRandom as seeded } from '../../src/emulator/media/seed-hash.js';
import type { CliProcess } from '../helpers/cli.js';
import { MaskoClient } from '../../src/api/client.js';
import { startHoldingProxy } from '../helpers/proxy.js';
import { expectFilesMatchLock, expectOneJobPerAsset, out, STANDARD_CREDITS, STANDARD_IDS, statuses, syncWorld, type SyncWorld, ALL_DIALECTS } from '../helpers/sync-fixtures.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));


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

describe.concurrent.each(ALL_DIALECTS)('crash safety end to end (%s)', (dialect) => {
  const points: Array<[string, RegExp]> = [
    ['the first accepted batch', /submitted /],
    ['the first completed asset', /completed\n/],
    ['the second level was submitted', /submitted [^\n]*wave-santa/],
  ];
  for (const [name, when] of points) {
    test(`SIGKILL after ${name}, then a rerun: no asset generated twice, the minimum charged`, async ({ onTestFinished }) => {
      const w = await syncWorld(onTestFinished, { dialect });
      const start = await w.emu.balance();
      await killWhen(w.spawn(), when);
      await expectFinishedExactly(w, start);
    });
  }

  test('a run killed between creating the collection and writing masko.lock: the rerun uses that collection, never a second one', async ({ onTestFinished }) => {
    const w = await syncWorld(onTestFinished, { dialect });
    // What the killed run left on the server: the project and the collection, named as masko.yaml defines them.
    const api = new MaskoClient({ baseUrl: w.emu.url, apiKey: w.emu.key });
    const project = await api.createProject('Test fox', 'left-by-a-killed-run-p');
    const left = await api.createCollection({ name: 'Test fox', project_id: project.id, description: 'a small orange fox with a blue scarf' }, 'left-by-a-killed-run-c');
    await api.close();
    const start = await w.emu.balance();
    await expectFinishedExactly(w, start);
    expect((await w.project.lock()).collection).toBe(left.id);
    const check = new MaskoClient({ baseUrl: w.emu.url, apiKey: w.emu.key });
    expect((await check.listCollections()).map((c) => c.id)).toEqual([left.id]);
    expect((await check.listProjects()).map((p) => p.id)).toEqual([project.id]);
    await check.close();
  });

  test('SIGKILL at seeded random moments, several times in a row, then a rerun', async ({ onTestFinished }) => {
    const w = await syncWorld(onTestFinished, { dialect, emulator: { latencyMs: 150 } });
    const start = await w.emu.balance();
    const random = seeded(20240611);
    for (let i = 0; i < 4; i++) await killWhen(w.spawn(), 150 + Math.round(random() * 700));
    await expectFinishedExactly(w, start);
  });

  test('SIGKILL while an accepted batch\'s answer is lost: the rerun finds its jobs on the API, adopts them and pays nothing more', async ({ onTestFinished }) => {
    const w = await syncWorld(onTestFinished, { dialect });
    const start = await w.emu.balance();
    const proxy = await startHoldingProxy(w.emu.url, (method, p, status) => method === 'POST' && p.includes('/generate-batch') && status === 202);
    onTestFinished(() => proxy.close());
    const p = w.spawn([], { MASKO_API_URL: proxy.url });
    const held = await proxy.held;
    expect(held.status).toBe(202);
    // Accepted and charged upstream; the CLI only has the batch written down as in flight.
    const written = await w.project.lock();
    expect(Object.values(written.inflight ?? {}).map((batch) => batch.items.map((i) => i.id))).toEqual([['idle', 'wave']]);
    expect(Object.keys(written.assets)).toEqual([]);
    const charged = await w.emu.jobs();
    expect(charged).toHaveLength(2);
    p.child.kill('SIGKILL');
    await p.result;

    const jobsBefore = (await w.emu.stats()).jobs_created;
    await expectFinishedExactly(w, start);
    const done = await w.project.lock();
    expect([done.assets.idle!.job_id, done.assets.wave!.job_id].sort()).toEqual(charged.map((j) => j.id).sort());
    // The first level was settled by listing the collection's jobs, never sent again: the rerun made
    // only the second level's jobs (three, and the free reverse clip).
    expect((await w.emu.stats()).jobs_created - jobsBefore).toBe(4);
  });

  test('killed after the second level was submitted but before the first level was downloaded: the rerun resumes all, pays nothing', async ({ onTestFinished }) => {
    // The state a SIGKILL leaves when it lands between "wave generated, dependants submitted" and
    // "wave downloaded" (it happens in the test above about one run in eight): every entry pending,
    // dependants fingerprinted with the pending upstream's image asset id. Built here exactly.
    const w = await syncWorld(onTestFinished, { dialect });
    const start = await w.emu.balance();
    const first = await w.cli();
    expect(first.code, out(first)).toBe(0);
    const lock = await w.project.lock();
    for (const entry of Object.values(lock.assets)) {
      entry.status = 'pending';
      for (const f of Object.values(entry.files)) {
        await w.project.remove(f.path);
        delete f.bytes;
        delete f.sha256;
      }
    }
    await w.project.write('masko.lock', JSON.stringify(lock, null, 2) + '\n');
    const jobs = (await w.emu.jobs()).length;

    const plan = await w.cli(['plan', '--json']);
    const steps = (JSON.parse(plan.stdout) as { waves: Array<Array<{ id: string; action: string }>> }).waves.flat();
    expect(Object.fromEntries(steps.map((s) => [s.id, s.action]))).toEqual(Object.fromEntries(STANDARD_IDS.map((id) => [id, 'resume'])));

    await expectFinishedExactly(w, start);
    expect((await w.emu.jobs()).length).toBe(jobs);
  });

  test('the first SIGINT stops new submissions, records accepted jobs as pending and exits 130; the next run resumes them', async ({ onTestFinished }) => {
    // Slow images, so the first batch is still running when the signal comes.
    const w = await syncWorld(onTestFinished, { dialect, emulator: { latencyMs: { image: 2500, edit: 50, animation: 50, transition: 50, logo: 50 } } });
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
    const w = await syncWorld(onTestFinished, { dialect, emulator: { latencyMs: { image: 2500, edit: 50, animation: 50, transition: 50, logo: 50 } } });
    const start = await w.emu.balance();
    const p = w.spawn();
    await p.waitForStderr(/submitted idle, wave/);
    p.child.kill('SIGINT');
    await p.waitForStderr(/SIGINT/);
    p.child.kill('SIGINT');
    const r = await p.result;
    expect(r.code, out(r)).toBe(130);
    expect(Object.keys((await w.project.lock()).assets).sort()).toEqual(['idle', 'wave']);
    // Leaving at once still takes the run lock away: the next run needs no stale-lock takeover.
    expect(await w.project.files()).not.toContain('.masko/run.lock');
    await expectFinishedExactly(w, start);
  });
});
