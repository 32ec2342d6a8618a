/** End to end under injected faults, failing jobs and money limits: exact credits, the right exit codes. */
import { describe, expect, test } from 'vitest';
import type { EmulatorStats, FaultOptions } from '../../src/emulator/index.js';
import { expectFilesMatchLock, expectOneJobPerAsset, out, STANDARD_CREDITS, STANDARD_IDS, standardManifest, statuses, syncWorld, ALL_DIALECTS } from '../helpers/sync-fixtures.js';

const LOGO = 'app-logo: { type: logo, logo_description: "the face of the fox", logo_style_name: Flat, logo_style_instruction: "flat design with solid colors" }';

describe.concurrent.each(ALL_DIALECTS)('faults end to end (%s)', (dialect) => {
  const cases: Array<[string, FaultOptions, keyof EmulatorStats['faults']]> = [
    ['5xx answers', { serverErrorRate: 0.25 }, 'serverError'],
    ['429 answers', { rateLimitRate: 0.25, retryAfterSeconds: 0 }, 'rateLimited'],
    ['dropped connections', { dropConnectionRate: 0.25 }, 'dropped'],
    ['truncated downloads', { truncateCdnRate: 0.3 }, 'truncated'],
    ['all of them at once', { serverErrorRate: 0.1, rateLimitRate: 0.1, retryAfterSeconds: 0, dropConnectionRate: 0.1, truncateCdnRate: 0.2 }, 'serverError'],
  ];
  for (const [name, faults, counter] of cases) {
    test(`with ${name} the sync completes in one run with exact credits and verified files`, async ({ onTestFinished }) => {
      const w = await syncWorld(onTestFinished, { dialect, emulator: { faults, seed: 4242 } });
      const start = await w.emu.balance();
      const r = await w.cli();
      expect(r.code, out(r)).toBe(0);
      expect(w.emu.emu.stats().faults[counter], 'faults were injected').toBeGreaterThan(0);
      const lock = await w.project.lock();
      expect(Object.values(statuses(lock))).toEqual(STANDARD_IDS.map(() => 'completed'));
      await expectOneJobPerAsset(w.emu, lock);
      expect(start - (await w.emu.balance())).toBe(STANDARD_CREDITS);
      await expectFilesMatchLock(w.project, lock);
      expect((await w.project.files()).filter((f) => f.endsWith('.part'))).toEqual([]);
    });
  }

  test('a failing job: exit 3, recorded as failed and refunded, its dependants never submitted, the rest done', async ({ onTestFinished }) => {
    const w = await syncWorld(onTestFinished, { dialect,
      manifest: standardManifest({ prompts: { wave: 'waving hello EXPLODE' } }),
      emulator: { faults: { failPromptsContaining: ['EXPLODE'] } },
    });
    const start = await w.emu.balance();
    const r = await w.cli();
    expect(r.code, out(r)).toBe(3);
    const lock = await w.project.lock();
    expect(statuses(lock)).toEqual({ idle: 'completed', wave: 'failed' });
    // The older pages give a job's error as a plain string: the tool records it under its own code.
    const failCode = dialect === 'docs-legacy' ? 'job_failed' : 'generation_failed';
    expect(lock.assets.wave!.error?.code).toBe(failCode);
    expect(lock.assets.wave!.credits).toBe(0);
    const jobs = await w.emu.jobs();
    expect(jobs.map((j) => j.item_name).sort()).toEqual(['Idle', 'Wave']);
    expect(jobs.find((j) => j.item_name === 'Wave')!.status).toBe('failed');
    expect(start - (await w.emu.balance())).toBe(1);
    await expectFilesMatchLock(w.project, lock);
    expect(r.stderr).toMatch(/Failures:/);
    expect(r.stderr).toMatch(new RegExp(`wave: .*${failCode}`));
    for (const id of ['wave-santa', 'wave-animated', 'idle-to-wave']) expect(r.stderr).toMatch(new RegExp(`${id}: skipped \\(upstream wave failed\\)`));
    const index = JSON.parse((await w.project.read('out/masko-assets.json')).toString('utf8')) as { assets: Record<string, { status: string; files: object }> };
    // Every manifest asset is listed with its status; only the completed one has files.
    expect(Object.fromEntries(Object.entries(index.assets).map(([id, a]) => [id, a.status]))).toEqual({
      idle: 'completed', wave: 'failed', 'wave-santa': 'missing', 'wave-animated': 'missing', 'idle-to-wave': 'missing', 'wave-to-idle': 'missing',
    });
    expect(index.assets.wave!.files).toEqual({});

    // Fixing the prompt finishes the rest; the failure cost nothing in the end.
    await w.project.writeManifest(standardManifest({ prompts: { wave: 'waving hello again' } }));
    const again = await w.cli();
    expect(again.code, out(again)).toBe(0);
    const done = await w.project.lock();
    expect(Object.values(statuses(done))).toEqual(STANDARD_IDS.map(() => 'completed'));
    expect(done.assets.idle!.job_id).toBe(lock.assets.idle!.job_id);
    expect(start - (await w.emu.balance())).toBe(STANDARD_CREDITS);
  });

  test('--max-credits 0 and a manifest budget below the estimate: exit 5 before any request', async ({ onTestFinished }) => {
    const w = await syncWorld(onTestFinished, { dialect });
    const zero = await w.cli(['--max-credits', '0']);
    expect(zero.code, out(zero)).toBe(5);
    expect(zero.stderr).toMatch(/--max-credits/);
    expect(zero.stderr).toMatch(/13/);
    await w.project.writeManifest(standardManifest({ budget: 12 }));
    const budget = await w.cli();
    expect(budget.code, out(budget)).toBe(5);
    expect(budget.stderr).toMatch(/budget/);
    expect(w.emu.emu.stats().requests).toEqual({});
    expect(await w.project.lockBytes()).toBeUndefined();
    expect(await w.emu.jobs()).toEqual([]);

    // Exactly at the limit is allowed.
    const enough = await w.cli(['--max-credits', String(STANDARD_CREDITS)], {});
    expect(enough.code, out(enough)).toBe(5); // the manifest budget (12) still applies
    await w.project.writeManifest(standardManifest({ budget: STANDARD_CREDITS }));
    const ok = await w.cli(['--max-credits', String(STANDARD_CREDITS)]);
    expect(ok.code, out(ok)).toBe(0);
  });

  test('a balance below the estimate: exit 5, nothing submitted (where the API reports its balance)', async ({ onTestFinished }) => {
    const w = await syncWorld(onTestFinished, { dialect, emulator: { credits: 5 } });
    const r = await w.cli();
    if (dialect === 'minimal') {
      // No balance to check up front: the API's 402 decides. What it accepted is paid once, the rest fails clearly.
      expect(r.code, out(r)).toBe(3);
      expect(r.stderr).toMatch(/reports no balance/);
      expect(r.stderr).toMatch(/not enough credits/);
      expect(5 - (await w.emu.balance())).toBe(2);
      await expectOneJobPerAsset(w.emu, await w.project.lock());
      return;
    }
    expect(r.code, out(r)).toBe(5);
    expect(r.stderr).toMatch(/not enough credits/);
    expect(w.emu.emu.stats().generateRequests).toBe(0);
    expect(await w.emu.jobs()).toEqual([]);
    expect(await w.emu.balance()).toBe(5);
  });

  test('a logo on a starter key: a clear message, exit 3, the other assets done', async ({ onTestFinished }) => {
    const w = await syncWorld(onTestFinished, { dialect, manifest: standardManifest({ extraAssets: [LOGO] }), emulator: { plan: 'starter' } });
    const start = await w.emu.balance();
    const r = await w.cli();
    expect(r.code, out(r)).toBe(3);
    // Where the API names the key's plan the logo is held back up front; elsewhere its 403 decides.
    expect(r.stderr).toMatch(dialect === 'reference' || dialect === 'seed' ? /logo packs need the pro plan; this key's plan is starter/ : /logo packs need the pro plan/);
    const lock = await w.project.lock();
    expect(Object.keys(lock.assets).sort()).toEqual([...STANDARD_IDS]);
    expect(Object.values(statuses(lock))).toEqual(STANDARD_IDS.map(() => 'completed'));
    await expectOneJobPerAsset(w.emu, lock);
    expect(start - (await w.emu.balance())).toBe(STANDARD_CREDITS);
  });
});

