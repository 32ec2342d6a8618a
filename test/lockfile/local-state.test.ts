import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rename, rm, unlink, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { readLocalFiles, sha256File } from '../../src/lockfile/local-state.js';

const root = await mkdtemp(path.join(os.tmpdir(), 'masko-state-'));
afterAll(() => rm(root, { recursive: true, force: true }));
let dir = '';
let n = 0;
const OLD = new Date('2024-01-01T00:00:00Z');
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** Writes a file dated in the past (so it is not "racy" and may be cached). */
async function put(rel: string, content: string, when = OLD): Promise<void> {
  const abs = path.join(dir, rel);
  await mkdir(path.dirname(abs), { recursive: true });
  await writeFile(abs, content);
  await utimes(abs, when, when);
}

/** readLocalFiles with a counting hasher. */
async function read(paths: string[]) {
  const hashed: string[] = [];
  const files = await readLocalFiles(dir, paths, {
    cacheFile: path.join(dir, '.masko', 'stat-cache.json'),
    hash: async (abs) => {
      hashed.push(path.relative(dir, abs).split(path.sep).join('/'));
      return sha256File(abs);
    },
  });
  return { files, hashed: hashed.sort() };
}

beforeEach(async () => {
  dir = path.join(root, `p${n++}`);
  await put('a/one.png', 'one');
  await put('a/two.png', 'two');
});

describe('readLocalFiles', () => {
  it('reports existence, size and sha256, and missing files', async () => {
    const { files } = await read(['a/one.png', 'a/none.png']);
    expect(files['a/one.png']).toEqual({ exists: true, bytes: 3, sha256: sha('one') });
    expect(files['a/none.png']).toEqual({ exists: false });
  });

  it('hashes each file once, then trusts the stat cache while nothing changes', async () => {
    expect((await read(['a/one.png', 'a/two.png'])).hashed).toEqual(['a/one.png', 'a/two.png']);
    const again = await read(['a/one.png', 'a/two.png']);
    expect(again.hashed).toEqual([]);
    expect(again.files['a/two.png']!.sha256).toBe(sha('two'));
  });

  it('rehashes only the file whose content and mtime changed', async () => {
    await read(['a/one.png', 'a/two.png']);
    await put('a/two.png', 'TWO', new Date('2024-02-01T00:00:00Z'));
    const r = await read(['a/one.png', 'a/two.png']);
    expect(r.hashed).toEqual(['a/two.png']);
    expect(r.files['a/two.png']!.sha256).toBe(sha('TWO'));
  });

  it('rehashes a file swapped in with the same size and mtime (inode and ctime differ)', async () => {
    await read(['a/one.png']);
    await put('a/tmp.png', 'uno');
    await rename(path.join(dir, 'a/tmp.png'), path.join(dir, 'a/one.png'));
    const r = await read(['a/one.png']);
    expect(r.hashed).toEqual(['a/one.png']);
    expect(r.files['a/one.png']!.sha256).toBe(sha('uno'));
  });

  it('rehashes after a touch (the bench rehash path)', async () => {
    await read(['a/one.png']);
    await utimes(path.join(dir, 'a/one.png'), new Date('2024-03-01'), new Date('2024-03-01'));
    expect((await read(['a/one.png'])).hashed).toEqual(['a/one.png']);
  });

  it('does not cache a file modified just now (it could change within the same timestamp tick)', async () => {
    await put('a/fresh.png', 'fresh', new Date());
    await read(['a/fresh.png']);
    expect((await read(['a/fresh.png'])).hashed).toEqual(['a/fresh.png']);
  });

  it('ignores a corrupt cache and forgets deleted files', async () => {
    await read(['a/one.png', 'a/two.png']);
    await unlink(path.join(dir, 'a/two.png'));
    const r = await read(['a/one.png', 'a/two.png']);
    expect(r.files['a/two.png']).toEqual({ exists: false });
    const cache = JSON.parse(await readFile(path.join(dir, '.masko/stat-cache.json'), 'utf8')) as { files: object };
    expect(Object.keys(cache.files)).toEqual(['a/one.png']);
    await writeFile(path.join(dir, '.masko/stat-cache.json'), '{not json');
    expect((await read(['a/one.png'])).hashed).toEqual(['a/one.png']);
  });

  it('never trusts a poisoned cache entry whose stat differs', async () => {
    await read(['a/one.png']);
    const file = path.join(dir, '.masko/stat-cache.json');
    const cache = JSON.parse(await readFile(file, 'utf8')) as { files: Record<string, { sha256: string; size: number }> };
    cache.files['a/one.png']!.sha256 = sha('evil');
    cache.files['a/one.png']!.size = 99;
    await writeFile(file, JSON.stringify(cache));
    expect((await read(['a/one.png'])).files['a/one.png']!.sha256).toBe(sha('one'));
  });

  it('treats paths outside the project and folders as missing', async () => {
    const r = await read(['../outside.png', 'a']);
    expect(r.files['../outside.png']).toEqual({ exists: false });
    expect(r.files['a']).toEqual({ exists: false });
    expect(r.hashed).toEqual([]);
  });
});
