import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Lockfile } from '../../src/model/lock.js';
import { parseLock, serializeLock } from '../../src/lockfile/index.js';
import { fullManifest, lockFor, manifest } from '../plan/builders.js';

const dir = await mkdtemp(path.join(os.tmpdir(), 'masko-merge-'));
afterAll(() => rm(dir, { recursive: true, force: true }));
const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('lockfile merges', () => {
  it('two branches adding different assets merge cleanly with git', async () => {
    git('init', '-q', '-b', 'main');
    git('config', 'user.name', 'Test');
    git('config', 'user.email', 'test@example.com');
    git('config', 'commit.gpgsign', 'false');
    const base = lockFor(fullManifest());
    const file = path.join(dir, 'masko.lock');
    await writeFile(file, serializeLock(base));
    git('add', 'masko.lock');
    git('commit', '-q', '-m', 'base');

    // `cheer` sorts between app-logo and dance, `jump` between idle-to-wave and wave: unrelated lines.
    const add = (id: string): Lockfile => {
      const extra = lockFor(manifest({ [id]: { kind: 'image', image_prompt: `prompt of ${id}` } }));
      return { ...base, assets: { ...base.assets, [id]: extra.assets[id]! } };
    };
    git('checkout', '-q', '-b', 'one');
    await writeFile(file, serializeLock(add('jump')));
    git('commit', '-q', '-am', 'add jump');
    git('checkout', '-q', 'main');
    git('checkout', '-q', '-b', 'two');
    await writeFile(file, serializeLock(add('cheer')));
    git('commit', '-q', '-am', 'add cheer');

    git('merge', '-q', '--no-edit', 'one');
    const merged = await readFile(file, 'utf8');
    const lock = parseLock(merged);
    expect(Object.keys(lock.assets)).toEqual(expect.arrayContaining(['jump', 'cheer', 'wave']));
    // The merge result is exactly what serializing both additions writes.
    const both: Lockfile = { ...add('jump'), assets: { ...add('jump').assets, cheer: add('cheer').assets['cheer']! } };
    expect(merged).toBe(serializeLock(both));
  });

  it('ids adjacent in sort order conflict like any line-based file, and the lock error says to keep both', async () => {
    const file = path.join(dir, 'masko.lock');
    git('checkout', '-q', 'main');
    const base = parseLock(await readFile(file, 'utf8'));
    const add = (id: string): Lockfile => {
      const extra = lockFor(manifest({ [id]: { kind: 'image', image_prompt: id } }));
      return { ...base, assets: { ...base.assets, [id]: extra.assets[id]! } };
    };
    git('checkout', '-q', '-b', 'three');
    await writeFile(file, serializeLock(add('kick')));
    git('commit', '-q', '-am', 'add kick');
    git('checkout', '-q', 'main');
    git('checkout', '-q', '-b', 'four');
    await writeFile(file, serializeLock(add('kiss')));
    git('commit', '-q', '-am', 'add kiss');
    expect(() => git('merge', '-q', '--no-edit', 'three')).toThrow();
    const text = await readFile(file, 'utf8');
    const markerLine = text.split('\n').findIndex((l) => l.startsWith('<<<<<<<')) + 1;
    expect(() => parseLock(text)).toThrow(expect.objectContaining({ line: markerLine, hint: expect.stringMatching(/keep both entries/i) }));
    git('merge', '--abort');
  });
});
