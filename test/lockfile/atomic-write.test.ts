// Atomic writes go through `<file>.masko-tmp`: what a killed run left there is taken over, and a
// symlink planted there is replaced, never written through.
import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEMP_SUFFIX, writeFileAtomically } from '../../src/lockfile/atomic-write.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'masko-atomic-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('writeFileAtomically', () => {
  it('writes a new file, keeps an old file’s mode, and leaves no temp file', async () => {
    const file = path.join(dir, 'masko.lock');
    await writeFileAtomically(file, 'one\n');
    expect(await readFile(file, 'utf8')).toBe('one\n');
    await chmod(file, 0o640);
    await writeFileAtomically(file, 'two\n');
    expect(await readFile(file, 'utf8')).toBe('two\n');
    expect((await stat(file)).mode & 0o777).toBe(0o640);
    expect(await readdir(dir)).toEqual(['masko.lock']);
  });

  it('takes over the temp file a killed run left behind', async () => {
    const file = path.join(dir, 'masko.lock');
    await writeFile(file + TEMP_SUFFIX, 'half of a lock');
    await writeFileAtomically(file, 'whole\n');
    expect(await readFile(file, 'utf8')).toBe('whole\n');
    expect(await readdir(dir)).toEqual(['masko.lock']);
  });

  it('replaces a symlink planted at the temp name without writing through it', async () => {
    const file = path.join(dir, 'masko.lock');
    const victim = path.join(dir, 'victim.txt');
    await writeFile(victim, 'not yours');
    await symlink(victim, file + TEMP_SUFFIX);
    await writeFileAtomically(file, 'lock\n');
    expect(await readFile(victim, 'utf8')).toBe('not yours');
    expect(await readFile(file, 'utf8')).toBe('lock\n');
    expect((await lstat(file)).isFile()).toBe(true);
    expect((await readdir(dir)).sort()).toEqual(['masko.lock', 'victim.txt']);
  });

  it('fails, naming the cause, when a folder is in the way of the temp file', async () => {
    const file = path.join(dir, 'masko.lock');
    await writeFile(file, 'kept\n');
    await mkdir(file + TEMP_SUFFIX);
    await expect(writeFileAtomically(file, 'new\n')).rejects.toThrow(/EISDIR|EPERM|EEXIST/);
    expect(await readFile(file, 'utf8')).toBe('kept\n');
  });
});

describe('writes of one path at once', () => {
  it('all succeed, in the order asked, and the last text is the one on disk', async () => {
    const file = path.join(dir, 'cache.json');
    const texts = Array.from({ length: 20 }, (_, i) => `text ${i}\n`.repeat(1000 + i));
    const results = await Promise.allSettled(texts.map((t) => writeFileAtomically(file, t)));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(await readFile(file, 'utf8')).toBe(texts.at(-1));
    expect(await readdir(dir)).toEqual(['cache.json']);
  });

  it('a failed write does not hold up the ones asked after it', async () => {
    const file = path.join(dir, 'state.json');
    await mkdir(file + TEMP_SUFFIX);
    const failing = [writeFileAtomically(file, 'first\n'), writeFileAtomically(file, 'second\n')];
    for (const w of failing) await expect(w).rejects.toThrow(/EISDIR|EPERM/);
    await rm(file + TEMP_SUFFIX, { recursive: true });
    await writeFileAtomically(file, 'third\n');
    expect(await readFile(file, 'utf8')).toBe('third\n');
  });
});
