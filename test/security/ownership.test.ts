/** masko-sync never replaces, moves onto or deletes a file it did not make: conflicts are planned, refused before paying, and adopted only on purpose. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Plan } from '../../src/model/plan.js';
import { out, standardManifest, syncWorld } from '../helpers/sync-fixtures.js';

const DESIGNER_PNG = 'hand-made by the designer';

describe.concurrent('files masko-sync does not own', () => {
  test('a designer file at a new asset\'s path: the plan shows the conflict, sync refuses before spending, --overwrite adopts it', async ({ onTestFinished }) => {
    const manifest = standardManifest({ outputDir: 'public/mascot' });
    const w = await syncWorld(onTestFinished, { manifest });
    const first = await w.cli();
    expect(first.code, out(first)).toBe(0);
    await w.project.write('public/mascot/hero.png', DESIGNER_PNG);
    await w.project.writeManifest(standardManifest({ outputDir: 'public/mascot', extraAssets: ['hero: { type: image, image_prompt: "a heroic pose" }'] }));

    const plan = await w.cli(['plan']);
    expect(plan.code, out(plan)).toBe(0);
    expect(plan.stdout).toMatch(/^\+ hero +create +not in the lock \(1 credit\)\n {4}! conflict: public\/mascot\/hero\.png: a file masko-sync did not make/m);
    expect(plan.stdout).toMatch(/; 1 conflict \(a sync refuses/);
    const json = JSON.parse((await w.cli(['plan', '--json'])).stdout) as Plan;
    expect(json.summary.conflicts).toBe(1);
    expect(json.waves.flat().find((s) => s.id === 'hero')!.conflicts).toEqual([{ path: 'public/mascot/hero.png', reason: expect.stringMatching(/not in masko\.lock/) }]);

    const balance = await w.emu.balance();
    const generates = w.emu.emu.stats().generateRequests;
    for (const args of [[], ['--json']]) {
      const r = await w.cli(args);
      expect(r.code, out(r)).toBe(4);
      expect(r.stderr).toMatch(/public\/mascot\/hero\.png \(create hero\): a file masko-sync did not make/);
      expect(r.stderr).toMatch(/Nothing was done and nothing was spent/);
      expect(r.stderr).toMatch(/--overwrite public\/mascot\/hero\.png/);
      if (args.length) expect(JSON.parse(r.stdout.trim().split('\n').at(-1)!)).toMatchObject({ event: 'error', exit_code: 4 });
    }
    expect(await w.emu.balance()).toBe(balance);
    expect(w.emu.emu.stats().generateRequests).toBe(generates);
    expect((await w.project.read('public/mascot/hero.png')).toString()).toBe(DESIGNER_PNG);

    const adopted = await w.cli(['--overwrite', 'public/mascot/hero.png']);
    expect(adopted.code, out(adopted)).toBe(0);
    expect(balance - (await w.emu.balance())).toBe(1);
    const hero = (await w.project.lock()).assets.hero!.files.image!;
    expect(hero.path).toBe('public/mascot/hero.png');
    expect(await w.project.sha256(hero.path)).toBe(hero.sha256);
  });

  test('a relocation into a folder that already has wave.png: the plan shows it, sync refuses and moves nothing', async ({ onTestFinished }) => {
    const w = await syncWorld(onTestFinished);
    const first = await w.cli();
    expect(first.code, out(first)).toBe(0);
    const lock = await w.project.lock();
    const lockBytes = await w.project.lockBytes();
    await w.project.write('assets/mascot/wave.png', DESIGNER_PNG);
    await w.project.writeManifest(standardManifest({ outputDir: 'assets/mascot' }));

    const plan = JSON.parse((await w.cli(['plan', '--json'])).stdout) as Plan;
    const wave = plan.waves.flat().find((s) => s.id === 'wave')!;
    expect(wave.action).toBe('relocate');
    expect(wave.conflicts).toEqual([{ path: 'assets/mascot/wave.png', reason: expect.stringMatching(/did not make/) }]);
    expect(plan.summary.conflicts).toBe(1);

    const r = await w.cli();
    expect(r.code, out(r)).toBe(4);
    expect(r.stderr).toMatch(/assets\/mascot\/wave\.png \(relocate wave\)/);
    expect((await w.project.read('assets/mascot/wave.png')).toString()).toBe(DESIGNER_PNG);
    // Nothing moved at all: every file is still where the lock says.
    for (const entry of Object.values(lock.assets)) for (const f of Object.values(entry.files)) expect(w.project.exists(f.path), f.path).toBe(true);
    expect(await w.project.lockBytes()).toEqual(lockBytes);
    expect((await w.project.lock()).assets.wave!.files.image!.path).toBe('out/wave.png');

    // Moved away by hand: the relocation goes ahead, free.
    await w.project.remove('assets/mascot/wave.png');
    const again = await w.cli();
    expect(again.code, out(again)).toBe(0);
    expect((await w.project.lock()).assets.wave!.files.image!.path).toBe('assets/mascot/wave.png');
  });

  test('prune says when it deletes a file whose bytes changed, and keeps files of an orphan outside every output folder', async ({ onTestFinished }) => {
    const w = await syncWorld(onTestFinished);
    const first = await w.cli();
    expect(first.code, out(first)).toBe(0);
    const lock = await w.project.lock();
    const santa = lock.assets['wave-santa']!.files.image!;
    await w.project.write(santa.path, 'edited by hand after the sync');
    // An orphan whose files lie in a folder no asset uses (a lock edited by hand, or an old output folder).
    const text = (await w.project.lockBytes())!.toString('utf8');
    const stray = JSON.parse(text) as typeof lock;
    stray.assets.old = { ...structuredClone(lock.assets.idle!), files: { image: { ...lock.assets.idle!.files.image!, path: 'docs/old.png' } } };
    await w.project.write('masko.lock', JSON.stringify(stray, null, 2) + '\n');
    await w.project.write('docs/old.png', 'a picture in the docs');
    await w.project.writeManifest(standardManifest({ without: ['wave-santa'] }));

    const r = await w.cli(['prune', '--json']);
    expect(r.code, out(r)).toBe(0);
    expect(r.stderr).toMatch(/removing wave-santa: .*out\/wave-santa\.png \(changed since masko-sync wrote it\)/);
    expect(r.stderr).toMatch(/keeping docs\/old\.png: not in an output folder of masko\.yaml/);
    const summary = JSON.parse(r.stdout) as { modified: string[]; kept: Array<{ path: string; reason: string }> };
    expect(summary.modified).toEqual([santa.path]);
    expect(summary.kept.map((k) => k.path)).toEqual(['docs/old.png']);
    expect(w.project.exists(santa.path)).toBe(false);
    expect(await readFile(path.join(w.project.dir, 'docs/old.png'), 'utf8')).toBe('a picture in the docs');
    expect(Object.keys((await w.project.lock()).assets)).not.toContain('old');
  });
});
