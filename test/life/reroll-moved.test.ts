/** Re-rolls (paid, same item) and moves (free, files follow), against every emulator dialect. */
import { describe, expect, test } from 'vitest';
import type { Plan } from '../../src/model/plan.js';
import { ALL_DIALECTS, expectFilesMatchLock, out, standardManifest, syncWorld } from '../helpers/sync-fixtures.js';

describe.concurrent.each(ALL_DIALECTS)('re-roll and moves (%s)', (dialect) => {
  test('--reroll costs exactly the asset\'s price: a new job under the same item, nothing else made', async ({ onTestFinished }) => {
    const w = await syncWorld(onTestFinished, { dialect });
    const first = await w.cli();
    expect(first.code, out(first)).toBe(0);
    const before = await w.project.lock();
    const balance = await w.emu.balance();
    const jobs = (await w.emu.jobs()).length;

    const planned = await w.cli(['plan', '--json', '--reroll', 'wave-animated']);
    expect(planned.code, out(planned)).toBe(0);
    const step = (JSON.parse(planned.stdout) as Plan).waves.flat().find((s) => s.id === 'wave-animated')!;
    expect(step).toMatchObject({ action: 'regenerate', reroll: true, credits: 5, changed: [] });
    expect(step.reason).toMatch(/re-roll requested/);

    const r = await w.cli(['--reroll', 'wave-animated']);
    expect(r.code, out(r)).toBe(0);
    // animate, 1 s: 5 credits.
    expect(balance - (await w.emu.balance())).toBe(5);
    expect((await w.emu.jobs()).length).toBe(jobs + 1);
    const after = await w.project.lock();
    expect(after.assets['wave-animated']!.job_id).not.toBe(before.assets['wave-animated']!.job_id);
    expect(after.assets['wave-animated']!.item_id).toBe(before.assets['wave-animated']!.item_id);
    expect(after.assets['wave-animated']!.fingerprint).toBe(before.assets['wave-animated']!.fingerprint);
    for (const id of ['idle', 'wave', 'wave-santa', 'idle-to-wave', 'wave-to-idle']) expect(after.assets[id]!.job_id, id).toBe(before.assets[id]!.job_id);
    await expectFilesMatchLock(w.project, after);

    const bad = await w.cli(['--reroll', 'wave-to-idle']);
    expect(bad.code, out(bad)).toBe(4);
    expect(bad.stderr).toMatch(/re-roll "idle-to-wave"/);
  });

  test('a renamed id is an orphan and a create with a hint; `moved:` keeps it for free and moves its files', async ({ onTestFinished }) => {
    const w = await syncWorld(onTestFinished, { dialect });
    const first = await w.cli();
    expect(first.code, out(first)).toBe(0);
    const before = await w.project.lock();
    const balance = await w.emu.balance();
    const renamed = standardManifest().replace('wave-santa: {', 'santa-wave: {');

    await w.project.writeManifest(renamed);
    const hinted = JSON.parse((await w.cli(['plan', '--json'])).stdout) as Plan;
    const create = hinted.waves.flat().find((s) => s.id === 'santa-wave')!;
    expect(create.action).toBe('create');
    expect(create.hint).toContain('add `moved: { wave-santa: santa-wave }`');
    expect(hinted.waves.flat().find((s) => s.id === 'wave-santa')).toMatchObject({ action: 'orphan' });

    await w.project.writeManifest(renamed.replace('assets:\n', 'moved: { wave-santa: santa-wave }\nassets:\n'));
    const moved = JSON.parse((await w.cli(['plan', '--json'])).stdout) as Plan;
    const step = moved.waves.flat().find((s) => s.id === 'santa-wave')!;
    expect(step).toMatchObject({ action: 'relocate', credits: 0, moved_from: 'wave-santa' });
    expect(moved.summary.credits).toBe(0);
    expect(moved.waves.flat().some((s) => s.action === 'orphan')).toBe(false);

    const r = await w.cli();
    expect(r.code, out(r)).toBe(0);
    expect(await w.emu.balance()).toBe(balance);
    const after = await w.project.lock();
    expect(after.assets['wave-santa']).toBeUndefined();
    expect(after.assets['santa-wave']!.job_id).toBe(before.assets['wave-santa']!.job_id);
    expect(after.assets['santa-wave']!.files.image!.path).toBe('out/santa-wave.png');
    expect(w.project.exists('out/wave-santa.png')).toBe(false);
    await expectFilesMatchLock(w.project, after);
    const again = await w.cli(['plan', '--json', '--detailed-exitcode']);
    expect(again.code, out(again)).toBe(0);

    // An image whose name came from its id: the item is renamed too (free), its dependants stay.
    const rest = renamed.replace('assets:\n', 'moved: { wave-santa: santa-wave, idle: rest }\nassets:\n').replace('idle: {', 'rest: {').replace('source: idle,', 'source: rest,');
    await w.project.writeManifest(rest);
    const restPlan = JSON.parse((await w.cli(['plan', '--json'])).stdout) as Plan;
    expect(restPlan.waves.flat().find((s) => s.id === 'rest')).toMatchObject({ action: 'relocate', moved_from: 'idle', rename: { from: 'Idle', to: 'Rest' } });
    expect(restPlan.waves.flat().find((s) => s.id === 'idle-to-wave')).toMatchObject({ action: 'unchanged' });
    const r2 = await w.cli();
    expect(r2.code, out(r2)).toBe(0);
    expect(await w.emu.balance()).toBe(balance);
    const restLock = await w.project.lock();
    expect(restLock.assets.rest!.job_id).toBe(before.assets.idle!.job_id);
    expect((await w.emu.item(restLock.assets.rest!.item_id!)).name).toBe('Rest');
  });
});
