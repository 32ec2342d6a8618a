/** `prune --remote` against every emulator dialect: removed assets' items and superseded reverse clips archived, nothing else touched. */
import { describe, expect, test } from 'vitest';
import { ALL_DIALECTS, out, standardManifest, syncWorld } from '../helpers/sync-fixtures.js';

describe.concurrent.each(ALL_DIALECTS)('prune --remote (%s)', (dialect) => {
  test('asks first; with --yes archives exactly the removed items and the old reverse clip, and prunes the lock', async ({ onTestFinished }) => {
    const w = await syncWorld(onTestFinished, { dialect });
    const first = await w.cli();
    expect(first.code, out(first)).toBe(0);
    const made = await w.project.lock();
    const oldReverse = made.assets['wave-to-idle']!.item_id!;

    // A regenerated transition makes its free reverse on a new item: the old one is recorded as superseded.
    await w.project.writeManifest(standardManifest({ prompts: { 'idle-to-wave': 'from idle to a big wave' } }));
    const regen = await w.cli();
    expect(regen.code, out(regen)).toBe(0);
    const regenerated = await w.project.lock();
    expect(regenerated.assets['wave-to-idle']!.item_id).not.toBe(oldReverse);
    expect(regenerated.assets['wave-to-idle']!.superseded_items).toEqual([oldReverse]);

    await w.project.writeManifest(standardManifest({ prompts: { 'idle-to-wave': 'from idle to a big wave' }, without: ['wave-animated', 'wave-santa'] }));
    const items = [...new Set((await w.emu.jobs()).map((j) => j.item_id))];
    const balance = await w.emu.balance();

    const refused = await w.cli(['prune', '--remote']);
    expect(refused.code, out(refused)).toBe(4);
    expect(refused.stderr).toMatch(/--yes/);

    const dry = await w.cli(['prune', '--remote', '--dry-run', '--json']);
    expect(dry.code, out(dry)).toBe(0);
    const plan = JSON.parse(dry.stdout.trim().split('\n').at(-1)!) as { archive: Array<{ item_id: string; asset: string; reason: string }>; kept_remote: Array<{ item_id: string; asset: string }> };
    const orphanItem = regenerated.assets['wave-animated']!.item_id!;
    expect(plan.archive).toEqual(
      expect.arrayContaining([
        { item_id: orphanItem, asset: 'wave-animated', reason: 'orphan' },
        { item_id: oldReverse, asset: 'wave-to-idle', reason: 'superseded' },
      ]),
    );
    expect(plan.archive).toHaveLength(2);
    // The edit's item is its source's, which the manifest keeps.
    expect(plan.kept_remote).toEqual([expect.objectContaining({ item_id: regenerated.assets.wave!.item_id, asset: 'wave-santa' })]);
    for (const id of items) expect((await w.emu.item(id)).archived, id).toBe(false);
    expect(await w.project.lockBytes()).toEqual(Buffer.from(JSON.stringify(regenerated, null, 2) + '\n'));

    const r = await w.cli(['prune', '--remote', '--yes']);
    expect(r.code, out(r)).toBe(0);
    const archived = new Set([orphanItem, oldReverse]);
    for (const id of items) expect((await w.emu.item(id)).archived, id).toBe(archived.has(id));
    expect(await w.emu.balance()).toBe(balance);
    const lock = await w.project.lock();
    expect(Object.keys(lock.assets).sort()).toEqual(['idle', 'idle-to-wave', 'wave', 'wave-to-idle']);
    expect(lock.assets['wave-to-idle']!.superseded_items).toBeUndefined();
    expect(w.project.exists('out/wave-animated.webm')).toBe(false);

    // Done: nothing is left to archive, and a sync has nothing to do.
    const again = await w.cli(['prune', '--remote', '--yes', '--json']);
    expect(again.code, out(again)).toBe(0);
    expect((JSON.parse(again.stdout.trim().split('\n').at(-1)!) as { archived: unknown[] }).archived).toEqual([]);
  });
});
