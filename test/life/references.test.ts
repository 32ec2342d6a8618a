/** Collection references against every emulator dialect: created from them, then kept equal to the list, free. */
import { describe, expect, test } from 'vitest';
import type { Plan } from '../../src/model/plan.js';
import { oneByteChanged, pngBytes, writeBytes } from '../helpers/images.js';
import { ALL_DIALECTS, out, syncWorld } from '../helpers/sync-fixtures.js';

const manifest = (refs: string[]) => `version: 1
collection:
  name: Test fox
  references: [${refs.join(', ')}]
output: { dir: out }
assets:
  idle: { type: image, image_prompt: standing relaxed }
`;

describe.concurrent.each(ALL_DIALECTS)('collection references (%s)', (dialect) => {
  test('the collection is created from them; a changed list adds and removes references for free and regenerates nothing', async ({ onTestFinished }) => {
    const w = await syncWorld(onTestFinished, { dialect, manifest: manifest(['./art/front.png', './art/side.png']) });
    const front = pngBytes(1);
    await writeBytes(w.project.dir, 'art/front.png', front);
    await writeBytes(w.project.dir, 'art/side.png', pngBytes(2));
    await writeBytes(w.project.dir, 'art/back.png', pngBytes(3));
    const start = await w.emu.balance();

    const first = await w.cli();
    expect(first.code, out(first)).toBe(0);
    expect(start - (await w.emu.balance())).toBe(1);
    const lock = await w.project.lock();
    const refs = lock.references!;
    expect(Object.keys(refs).sort()).toEqual(['art/front.png', 'art/side.png']);
    expect(refs['art/front.png']).toBe(lock.uploads!['art/front.png']!.asset_id);
    expect((await w.emu.collection(lock.collection!)).config?.reference_asset_ids).toEqual([refs['art/front.png'], refs['art/side.png']]);
    expect(w.emu.emu.stats().requests['POST /v1/collections/:id/references']).toBeUndefined();

    await w.project.writeManifest(manifest(['./art/front.png', './art/back.png']));
    await writeBytes(w.project.dir, 'art/front.png', oneByteChanged(front));
    const planned = await w.cli(['plan', '--json', '--detailed-exitcode']);
    expect(planned.code, out(planned)).toBe(2);
    const plan = JSON.parse(planned.stdout) as Plan;
    expect(plan.summary.credits).toBe(0);
    expect(plan.waves.flat().map((s) => s.action)).toEqual(['unchanged']);
    expect(plan.references?.map((r) => [r.source, r.action])).toEqual([
      ['art/front.png', 'remove'],
      ['art/front.png', 'add'],
      ['art/back.png', 'add'],
      ['art/side.png', 'remove'],
    ]);
    expect(plan.references?.every((r) => r.credits === 0 && /keep their look/.test(r.reason))).toBe(true);
    expect(plan.uploads?.filter((u) => u.action === 'upload').map((u) => u.source).sort()).toEqual(['art/back.png', 'art/front.png']);

    const second = await w.cli();
    expect(second.code, out(second)).toBe(0);
    expect(start - (await w.emu.balance())).toBe(1);
    const after = await w.project.lock();
    expect(Object.keys(after.references!).sort()).toEqual(['art/back.png', 'art/front.png']);
    expect(after.references!['art/front.png']).not.toBe(refs['art/front.png']);
    expect(after.uploads!['art/side.png']).toBeUndefined();
    const attached = (await w.emu.collection(lock.collection!)).config?.reference_asset_ids as string[];
    expect([...attached].sort()).toEqual([after.references!['art/back.png'], after.references!['art/front.png']].sort());
    expect(after.assets.idle!.job_id).toBe(lock.assets.idle!.job_id);

    const third = await w.cli(['plan', '--json', '--detailed-exitcode']);
    expect(third.code, out(third)).toBe(0);
  });
});

describe('reference limits', () => {
  test('seven references are refused before anything is sent', async ({ onTestFinished }) => {
    const refs = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((n) => `./art/${n}.png`);
    const w = await syncWorld(onTestFinished, { manifest: manifest(refs) });
    const r = await w.cli();
    expect(r.code, out(r)).toBe(4);
    expect(r.stderr).toMatch(/at most 6 references/);
    expect(Object.keys((await w.emu.stats()).requests)).toEqual([]);
  });
});
