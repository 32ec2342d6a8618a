/** Nothing is read or written through a symlink that leaves the project: locked files, .masko/, output folders. */
import { createHash } from 'node:crypto';
import { lstat, mkdtemp, readdir, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { out, standardManifest, syncWorld } from '../helpers/sync-fixtures.js';

/** A folder outside the project, removed when the test ends. */
async function outsideDir(onFinished: (fn: () => Promise<void>) => void): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'masko-outside-'));
  onFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe.concurrent('symlinks out of the project', () => {
  test('a locked file replaced by a symlink to a file outside is never opened or hashed; restore replaces the link itself', async ({ onTestFinished }) => {
    const w = await syncWorld(onTestFinished);
    const first = await w.cli();
    expect(first.code, out(first)).toBe(0);
    const idle = (await w.project.lock()).assets.idle!.files.image!;
    const outside = await outsideDir(onTestFinished);
    const secret = path.join(outside, 'passwd');
    await writeFile(secret, 'root:x:0:0:root:/root:/bin/bash\n');
    // Old enough for the stat cache to keep it, had it been hashed.
    await utimes(secret, new Date('2024-01-01'), new Date('2024-01-01'));
    const secretSha = createHash('sha256').update(await readFile(secret)).digest('hex');
    await w.project.remove(idle.path);
    await symlink(secret, path.join(w.project.dir, idle.path));

    const plan = await w.cli(['plan', '--json']);
    expect(plan.code, out(plan)).toBe(0);
    const step = (JSON.parse(plan.stdout) as { waves: Array<Array<{ id: string; action: string }>> }).waves.flat().find((s) => s.id === 'idle');
    expect(step?.action).toBe('restore');
    const cache = await readFile(path.join(w.project.dir, '.masko/stat-cache.json'), 'utf8').catch(() => '');
    expect(cache, 'the outside file was hashed').not.toContain(secretSha);

    const pulled = await w.cli(['pull']);
    expect(pulled.code, out(pulled)).toBe(0);
    expect((await lstat(path.join(w.project.dir, idle.path))).isSymbolicLink()).toBe(false);
    expect(await w.project.sha256(idle.path)).toBe(idle.sha256);
    expect(await readFile(secret, 'utf8')).toBe('root:x:0:0:root:/root:/bin/bash\n');
    expect(await readFile(path.join(w.project.dir, '.masko/stat-cache.json'), 'utf8').catch(() => '')).not.toContain(secretSha);
  });

  test('a symlinked .masko gets no run lock, cache or emulator state written through it: sync refuses, plan skips the caches', async ({ onTestFinished }) => {
    const w = await syncWorld(onTestFinished);
    const outside = await outsideDir(onTestFinished);
    await symlink(outside, path.join(w.project.dir, '.masko'));
    for (const args of [[], ['pull'], ['prune']]) {
      const r = await w.cli(args);
      expect(r.code, `${args.join(' ') || 'sync'}\n${out(r)}`).toBe(1);
      expect(r.stderr).toMatch(/\.masko is a symlink/);
    }
    const plan = await w.cli(['plan']);
    expect(plan.code, out(plan)).toBe(0);
    expect(await readdir(outside)).toEqual([]);
    expect(w.emu.emu.stats().generateRequests).toBe(0);
  });

  test('an output folder under a symlink to outside: no folder is created there, nothing is written there', async ({ onTestFinished }) => {
    const manifest = standardManifest().replace('  idle: { type: image,', '  idle: { type: image, output: out/logos,');
    const w = await syncWorld(onTestFinished, { manifest });
    const outside = await outsideDir(onTestFinished);
    await symlink(outside, path.join(w.project.dir, 'out'));
    const r = await w.cli();
    expect(r.code, out(r)).not.toBe(0);
    expect(r.stderr).toMatch(/outside the project/);
    expect(await readdir(outside)).toEqual([]);
  });
});
