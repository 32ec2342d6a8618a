/** End-to-end sync against a real emulator over HTTP: first sync, no-op sync, regeneration, free fixes, --only. */
import { describe, expect, test } from 'vitest';
import { expectFilesMatchLock, expectOneJobPerAsset, jobIds, out, STANDARD_CREDITS, STANDARD_IDS, standardManifest, statuses, syncWorld, ALL_DIALECTS } from '../helpers/sync-fixtures.js';

describe.concurrent.each(ALL_DIALECTS)('sync end to end (%s)', (dialect) => {
  test('a first sync writes every verified file, the lock and the index; a second sync generates and spends nothing', async ({ onTestFinished }) => {
    const w = await syncWorld(onTestFinished, { dialect });
    const start = await w.emu.balance();

    const first = await w.cli();
    expect(first.code, out(first)).toBe(0);
    expect(first.stderr).not.toMatch(/Warning|Error/);
    const lock = await w.project.lock();
    expect(Object.keys(lock.assets).sort()).toEqual([...STANDARD_IDS]);
    expect(Object.values(statuses(lock))).toEqual(STANDARD_IDS.map(() => 'completed'));
    expect(lock.collection).toBeTruthy();
    expect(lock.inflight).toBeUndefined();
    const paths = await expectFilesMatchLock(w.project, lock);
    expect(paths.length).toBeGreaterThanOrEqual(STANDARD_IDS.length);
    await expectOneJobPerAsset(w.emu, lock);
    expect(start - (await w.emu.balance())).toBe(STANDARD_CREDITS);

    const index = JSON.parse((await w.project.read('out/masko-assets.json')).toString('utf8')) as { assets: Record<string, { files: Record<string, { url: string; path: string }> }> };
    expect(Object.keys(index.assets)).toEqual([...STANDARD_IDS]);
    for (const [id, entry] of Object.entries(index.assets)) {
      for (const [key, f] of Object.entries(entry.files)) {
        const locked = lock.assets[id]!.files[key]!;
        expect(f).toMatchObject({ url: locked.url, path: locked.path, bytes: locked.bytes, sha256: locked.sha256 });
      }
    }

    const jobsBefore = (await w.emu.jobs()).length;
    const generateBefore = w.emu.emu.stats().generateRequests;
    const lockBytes = await w.project.lockBytes();
    const second = await w.cli();
    expect(second.code, out(second)).toBe(0);
    expect(w.emu.emu.stats().generateRequests).toBe(generateBefore);
    expect((await w.emu.jobs()).length).toBe(jobsBefore);
    expect(start - (await w.emu.balance())).toBe(STANDARD_CREDITS);
    expect(await w.project.lockBytes()).toEqual(lockBytes);
  });

  test('changing one prompt regenerates exactly that asset and its dependants, on the same items', async ({ onTestFinished }) => {
    const w = await syncWorld(onTestFinished, { dialect });
    const first = await w.cli();
    expect(first.code, out(first)).toBe(0);
    const before = await w.project.lock();
    const jobsBefore = await w.emu.jobs();
    const balanceBefore = await w.emu.balance();

    await w.project.writeManifest(standardManifest({ prompts: { wave: 'waving hello with both paws' } }));
    const second = await w.cli();
    expect(second.code, out(second)).toBe(0);
    const after = await w.project.lock();

    const changed = ['idle-to-wave', 'wave', 'wave-animated', 'wave-santa', 'wave-to-idle'];
    const oldJobs = jobIds(before);
    const newJobs = jobIds(after);
    expect(Object.keys(newJobs).filter((id) => newJobs[id] !== oldJobs[id]).sort()).toEqual(changed);
    expect(newJobs.idle).toBe(oldJobs.idle);

    const jobsAfter = await w.emu.jobs();
    const added = jobsAfter.filter((j) => !jobsBefore.some((b) => b.id === j.id));
    expect(added.map((j) => j.id).sort()).toEqual(changed.map((id) => newJobs[id]).sort());
    // wave (1) + its edit (1) + animation (5) + transition (5; its reverse is free).
    expect(balanceBefore - (await w.emu.balance())).toBe(12);

    // Regenerations go to the old items (the API got item_id); the edit adds to its source's item.
    for (const id of ['wave', 'wave-animated', 'idle-to-wave']) {
      expect(after.assets[id]!.item_id, id).toBe(before.assets[id]!.item_id);
      expect(added.find((j) => j.id === newJobs[id])!.item_id, id).toBe(before.assets[id]!.item_id);
    }
    expect(after.assets['wave-santa']!.item_id).toBe(after.assets.wave!.item_id);
    expect(after.assets.wave!.inputs.image_prompt).toBe('waving hello with both paws');
    await expectFilesMatchLock(w.project, after);
  });

  test('rename, restore and relocate are free', async ({ onTestFinished }) => {
    const w = await syncWorld(onTestFinished, { dialect });
    const first = await w.cli();
    expect(first.code, out(first)).toBe(0);
    const lock = await w.project.lock();
    const balance = await w.emu.balance();
    const jobs = (await w.emu.jobs()).length;
    const generates = w.emu.emu.stats().generateRequests;
    const unchangedMoney = async () => {
      expect(await w.emu.balance()).toBe(balance);
      expect((await w.emu.jobs()).length).toBe(jobs);
      expect(w.emu.emu.stats().generateRequests).toBe(generates);
    };

    // Rename: only the name changes, through PATCH /v1/items/:id.
    await w.project.writeManifest(standardManifest({ waveName: 'Big wave' }));
    const renamed = await w.cli();
    expect(renamed.code, out(renamed)).toBe(0);
    expect((await w.emu.item(lock.assets.wave!.item_id!)).name).toBe('Big wave');
    expect((await w.project.lock()).assets.wave!.name).toBe('Big wave');
    expect(w.emu.emu.stats().requests['PATCH /v1/items/:id']).toBe(1);
    await unchangedMoney();

    // Restore: a deleted file comes back from its CDN URL, byte for byte.
    const idle = lock.assets.idle!.files.image!;
    await w.project.remove(idle.path);
    const restored = await w.cli();
    expect(restored.code, out(restored)).toBe(0);
    expect(await w.project.sha256(idle.path)).toBe(idle.sha256);
    await unchangedMoney();
    // An altered file is put back the same way.
    const video = lock.assets['idle-to-wave']!.files.video!;
    await w.project.write(video.path, 'not a video');
    const repaired = await w.cli();
    expect(repaired.code, out(repaired)).toBe(0);
    expect(await w.project.sha256(video.path)).toBe(video.sha256);
    await unchangedMoney();

    // Relocate: a new output dir moves every file.
    await w.project.writeManifest(standardManifest({ waveName: 'Big wave', outputDir: 'assets/mascot' }));
    const moved = await w.cli();
    expect(moved.code, out(moved)).toBe(0);
    const relocated = await w.project.lock();
    for (const [id, entry] of Object.entries(relocated.assets)) {
      for (const [key, f] of Object.entries(entry.files)) {
        const old = lock.assets[id]!.files[key]!;
        expect(f.path).toBe(old.path.replace(/^out\//, 'assets/mascot/'));
        expect(f.sha256).toBe(old.sha256);
        expect(w.project.exists(old.path), `${old.path} moved away`).toBe(false);
      }
    }
    await expectFilesMatchLock(w.project, relocated);
    expect(w.project.exists('assets/mascot/masko-assets.json')).toBe(true);
    expect(jobIds(relocated)).toEqual(jobIds(lock));
    await unchangedMoney();
  });

  test('--only takes the dependencies along and nothing else', async ({ onTestFinished }) => {
    const w = await syncWorld(onTestFinished, { dialect });
    const start = await w.emu.balance();
    const r = await w.cli(['--only', 'wave-animated']);
    expect(r.code, out(r)).toBe(0);
    const lock = await w.project.lock();
    expect(Object.keys(lock.assets).sort()).toEqual(['wave', 'wave-animated']);
    await expectOneJobPerAsset(w.emu, lock);
    await expectFilesMatchLock(w.project, lock);
    expect(start - (await w.emu.balance())).toBe(1 + 5);
    expect(w.project.exists('out/idle.png')).toBe(false);

    const unknown = await w.cli(['--only', 'wave-animatd']);
    expect(unknown.code, out(unknown)).toBe(4);
    expect(unknown.stderr).toContain('"wave-animatd" (did you mean "wave-animated"?)');
  });
});
