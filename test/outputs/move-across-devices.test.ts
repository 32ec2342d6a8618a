// `move` when rename fails with EXDEV (the target folder on another device): copy, rename, remove.
import { mkdtemp, readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type * as FsPromises from 'node:fs/promises';
import { downloadPolicy } from '../../src/outputs/url-policy.js';

let crossDevice = 0;
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof FsPromises>();
  return {
    ...real,
    rename: async (from: string, to: string) => {
      // Only the move of the asset itself crosses devices; the temp file's rename is local.
      if (crossDevice > 0 && !String(from).endsWith('.masko-tmp')) {
        crossDevice--;
        throw Object.assign(new Error('EXDEV: cross-device link not permitted'), { code: 'EXDEV' });
      }
      return real.rename(from, to);
    },
  };
});

const { projectFiles } = await import('../../src/outputs/project-files.js');

describe('move across devices', () => {
  it('copies to a temp file beside the target, renames it into place and removes the original', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'masko-exdev-'));
    await writeFile(path.join(dir, 'a.png'), 'A');
    await mkdir(path.join(dir, 'sub'));
    await writeFile(path.join(dir, 'sub/b.png'), 'old');
    crossDevice = 1;
    expect(await projectFiles({ projectDir: dir, urls: downloadPolicy({ apiUrl: 'https://api.masko.ai' }), maxBytes: 10 }).move('a.png', 'sub/b.png')).toBe(true);
    expect(crossDevice).toBe(0);
    expect(await readFile(path.join(dir, 'sub/b.png'), 'utf8')).toBe('A');
    expect((await readdir(dir)).sort()).toEqual(['sub']);
    expect(await readdir(path.join(dir, 'sub'))).toEqual(['b.png']);
  });
});
