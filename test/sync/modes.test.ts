/** End-to-end modes: --frozen, --no-wait, --json and the secrecy of the key, prune. */
import { readFile, utimes } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { expectFilesMatchLock, expectOneJobPerAsset, jobIds, out, STANDARD_CREDITS, STANDARD_IDS, standardManifest, statuses, syncWorld } from '../helpers/sync-fixtures.js';

describe.concurrent('sync modes end to end', () => {
  test('--frozen restores a missing file without a key and leaves the lock alone', async ({ onTestFinished }) => {
    const w = await syncWorld(onTestFinished);
    const first = await w.cli();
    expect(first.code, out(first)).toBe(0);
    const lock = await w.project.lock();
    const lockBytes = await w.project.lockBytes();
    const file = lock.assets['wave-animated']!.files.video!;
    await w.project.remove(file.path);
    const jobs = (await w.emu.jobs()).length;

    const r = await w.cli(['--frozen'], { MASKO_API_KEY: undefined });
    expect(r.code, out(r)).toBe(0);
    expect(await w.project.sha256(file.path)).toBe(file.sha256);
    expect(await w.project.lockBytes()).toEqual(lockBytes);
    expect((await w.emu.jobs()).length).toBe(jobs);

    // `pull` does the same restore, also without a key.
    const image = lock.assets['wave-santa']!.files.image!;
    await w.project.remove(image.path);
    const pulled = await w.cli(['pull'], { MASKO_API_KEY: undefined });
    expect(pulled.code, out(pulled)).toBe(0);
    expect(await w.project.sha256(image.path)).toBe(image.sha256);
    expect(await w.project.lockBytes()).toEqual(lockBytes);
  });

  test('--frozen with a changed manifest exits 2, lists the change, generates nothing, keeps the lock bytes', async ({ onTestFinished }) => {
    const w = await syncWorld(onTestFinished);
    // No lock at all yet (a CI run before anyone synced): everything is a pending change.
    const fresh = await w.cli(['--frozen'], { MASKO_API_KEY: undefined });
    expect(fresh.code, out(fresh)).toBe(2);
    expect(fresh.stderr).toMatch(/create\s+wave-santa/);
    expect(await w.project.lockBytes()).toBeUndefined();
    expect(w.emu.emu.stats().requests).toEqual({});

    const first = await w.cli();
    expect(first.code, out(first)).toBe(0);
    const lockBytes = await w.project.lockBytes();
    const jobs = (await w.emu.jobs()).length;
    const balance = await w.emu.balance();

    await w.project.writeManifest(standardManifest({ prompts: { idle: 'sitting down' } }));
    const r = await w.cli(['--frozen'], { MASKO_API_KEY: undefined });
    expect(r.code, out(r)).toBe(2);
    expect(r.stderr).toMatch(/regenerate\s+idle\b/);
    expect(r.stderr).toMatch(/idle-to-wave/);
    expect(r.stderr).not.toMatch(/\bwave-santa\b/);
    expect(await w.project.lockBytes()).toEqual(lockBytes);
    expect((await w.emu.jobs()).length).toBe(jobs);
    expect(await w.emu.balance()).toBe(balance);

    const json = await w.cli(['--frozen', '--json'], { MASKO_API_KEY: undefined });
    expect(json.code, out(json)).toBe(2);
    const summary = JSON.parse(json.stdout.trim().split('\n').at(-1)!) as { changes: Array<{ id: string; action: string }> };
    expect(summary.changes.map((c) => c.id).sort()).toEqual(['idle', 'idle-to-wave', 'wave-to-idle']);
  });

  test('--no-wait records pending jobs with CDN URLs; the next run collects them without paying again', async ({ onTestFinished }) => {
    const w = await syncWorld(onTestFinished, { emulator: { latencyMs: 400 } });
    const start = await w.emu.balance();
    const r = await w.cli(['--no-wait']);
    expect(r.code, out(r)).toBe(0);
    const lock = await w.project.lock();
    // Only what needs no upstream can be submitted without waiting.
    expect(statuses(lock)).toEqual({ idle: 'pending', wave: 'pending' });
    for (const id of ['idle', 'wave']) {
      const urls = Object.values(lock.assets[id]!.files).map((f) => f.url);
      expect(urls.length, id).toBeGreaterThan(0);
      for (const u of urls) expect(u.startsWith(`${w.emu.url}/cdn/`), u).toBe(true);
    }
    const index = JSON.parse((await w.project.read('out/masko-assets.json')).toString('utf8')) as { assets: Record<string, { status: string; files: Record<string, { url: string }> }> };
    expect(Object.keys(index.assets).sort()).toEqual(['idle', 'wave']);
    expect(index.assets.idle!.status).toBe('pending');
    expect(index.assets.idle!.files.image!.url).toBe(lock.assets.idle!.files.image!.url);
    const paidFirst = start - (await w.emu.balance());
    expect(paidFirst).toBe(2);

    const again = await w.cli();
    expect(again.code, out(again)).toBe(0);
    const done = await w.project.lock();
    expect(Object.values(statuses(done))).toEqual(STANDARD_IDS.map(() => 'completed'));
    expect(done.assets.idle!.job_id).toBe(lock.assets.idle!.job_id);
    expect(done.assets.wave!.job_id).toBe(lock.assets.wave!.job_id);
    await expectOneJobPerAsset(w.emu, done);
    await expectFilesMatchLock(w.project, done);
    expect(start - (await w.emu.balance())).toBe(STANDARD_CREDITS);
  });

  test('repeated --no-wait runs collect finished jobs and submit their dependants', async ({ onTestFinished }) => {
    const w = await syncWorld(onTestFinished);
    const start = await w.emu.balance();
    const settle = async () => {
      for (const j of await w.emu.jobs()) await w.emu.get(`/v1/jobs/${j.id}?wait=true&timeout=30`);
    };
    const first = await w.cli(['--no-wait']);
    expect(first.code, out(first)).toBe(0);
    expect(statuses(await w.project.lock())).toEqual({ idle: 'pending', wave: 'pending' });
    await settle();

    const second = await w.cli(['--no-wait']);
    expect(second.code, out(second)).toBe(0);
    const lock = await w.project.lock();
    expect(statuses(lock)).toEqual({
      idle: 'completed',
      wave: 'completed',
      'idle-to-wave': 'pending',
      'wave-to-idle': 'pending',
      'wave-animated': 'pending',
      'wave-santa': 'pending',
    });
    await expectFilesMatchLock(w.project, lock);
    await settle();

    const third = await w.cli(['--no-wait']);
    expect(third.code, out(third)).toBe(0);
    const done = await w.project.lock();
    expect(Object.values(statuses(done))).toEqual(STANDARD_IDS.map(() => 'completed'));
    await expectOneJobPerAsset(w.emu, done);
    await expectFilesMatchLock(w.project, done);
    expect(start - (await w.emu.balance())).toBe(STANDARD_CREDITS);
  });

  test('--json prints only NDJSON ending in a summary, and the API key is written nowhere', async ({ onTestFinished }) => {
    const manifest = standardManifest().replace('  dir: out\n', '  dir: out\n  typescript: src/mascot.ts\n');
    const w = await syncWorld(onTestFinished, { manifest });
    const r = await w.cli(['--json']);
    expect(r.code, out(r)).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.pop()).toBe('');
    const events = lines.map((l) => JSON.parse(l) as { event: string; [k: string]: unknown });
    expect(events.length).toBeGreaterThan(1);
    for (const e of events) expect(typeof e.event).toBe('string');
    const summary = events.at(-1)!;
    expect(summary).toMatchObject({ event: 'summary', completed: STANDARD_IDS.length, credits_spent: STANDARD_CREDITS, exit_code: 0 });
    expect(events.filter((e) => e.event === 'summary')).toHaveLength(1);
    expect(events.filter((e) => e.event === 'completed').map((e) => e.id).sort()).toEqual([...STANDARD_IDS]);

    // Files older than the racy window get cached in .masko/ by the next run: scan that too.
    const past = new Date(Date.now() - 3_600_000);
    for (const f of await w.project.files()) if (f.startsWith('out/')) await utimes(path.join(w.project.dir, f), past, past);
    // A second run (free) adds its own output; none of it may carry the key.
    const second = await w.cli(['--json']);
    expect(second.code, out(second)).toBe(0);
    expect(JSON.parse(second.stdout.trim().split('\n').at(-1)!)).toMatchObject({ event: 'summary', credits_spent: 0 });
    const key = w.emu.key;
    const keyHex = key.slice('masko_'.length);
    for (const text of [r.stdout, r.stderr, second.stdout, second.stderr]) {
      expect(text.includes(key)).toBe(false);
      expect(text.includes(keyHex)).toBe(false);
    }
    const files = await w.project.files();
    expect(files).toContain('src/mascot.ts');
    expect(files).toContain('masko.lock');
    expect(files.some((f) => f.startsWith('.masko/'))).toBe(true);
    for (const f of files) {
      const bytes = await readFile(path.join(w.project.dir, f));
      expect(bytes.includes(key), f).toBe(false);
      expect(bytes.includes(keyHex), f).toBe(false);
    }
  });

  test('prune --dry-run lists orphans and changes nothing; prune removes them locally and never remotely', async ({ onTestFinished }) => {
    const w = await syncWorld(onTestFinished);
    const first = await w.cli();
    expect(first.code, out(first)).toBe(0);
    const lock = await w.project.lock();
    const orphanIds = ['idle-to-wave', 'wave-to-idle'];
    const orphanFiles = orphanIds.flatMap((id) => Object.values(lock.assets[id]!.files).map((f) => f.path));
    await w.project.writeManifest(standardManifest({ without: ['idle-to-wave'] }));
    const before = await w.project.files();
    const lockBytes = await w.project.lockBytes();

    const dry = await w.cli(['prune', '--dry-run']);
    expect(dry.code, out(dry)).toBe(0);
    for (const id of orphanIds) expect(dry.stderr).toContain(id);
    expect(dry.stderr).toContain(orphanFiles[0]!);
    expect(await w.project.lockBytes()).toEqual(lockBytes);
    expect((await w.project.files()).filter((f) => !f.startsWith('.masko/'))).toEqual(before.filter((f) => !f.startsWith('.masko/')));

    const jsonDry = await w.cli(['prune', '--dry-run', '--json']);
    expect(jsonDry.code, out(jsonDry)).toBe(0);
    const listed = JSON.parse(jsonDry.stdout) as { dry_run: boolean; orphans: Array<{ id: string }> };
    expect(listed.orphans.map((o) => o.id).sort()).toEqual(orphanIds);

    const requestsBefore = structuredClone(w.emu.emu.stats().requests);
    const pruned = await w.cli(['prune']);
    expect(pruned.code, out(pruned)).toBe(0);
    const after = await w.project.lock();
    expect(Object.keys(after.assets).sort()).toEqual(['idle', 'wave', 'wave-animated', 'wave-santa']);
    for (const f of orphanFiles) expect(w.project.exists(f), f).toBe(false);
    await expectFilesMatchLock(w.project, after);
    expect(jobIds(after)).toEqual(Object.fromEntries(Object.entries(jobIds(lock)).filter(([id]) => !orphanIds.includes(id))));
    // Nothing remote: no request at all, and the items are still there.
    expect(w.emu.emu.stats().requests).toEqual(requestsBefore);
    for (const id of orphanIds) {
      const item = await w.emu.item(lock.assets[id]!.item_id!);
      expect(item.archived, id).toBe(false);
      expect(item.assets.length, id).toBeGreaterThan(0);
    }
    // The index no longer lists them.
    const index = JSON.parse((await w.project.read('out/masko-assets.json')).toString('utf8')) as { assets: Record<string, unknown> };
    expect(Object.keys(index.assets).sort()).toEqual(['idle', 'wave', 'wave-animated', 'wave-santa']);
    const again = await w.cli(['prune', '--dry-run']);
    expect(again.stderr).toMatch(/nothing to prune/);
  });
});
