/** The derived cache's saves never overlap: two at once shared atomic-write's fixed temp file, and a record could be lost. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test, vi } from 'vitest';
import type * as atomic from '../../src/lockfile/atomic-write.js';
import { DerivedCache } from '../../src/outputs/derived-cache.js';

// Each write of the cache is slow (a loaded disk), and how many run at once is counted.
const writes = vi.hoisted(() => ({ inFlight: 0, most: 0 }));
vi.mock('../../src/lockfile/atomic-write.js', async (importOriginal) => {
  const real = await importOriginal<typeof atomic>();
  return {
    ...real,
    writeFileAtomically: async (file: string, text: string) => {
      writes.most = Math.max(writes.most, ++writes.inFlight);
      try {
        await new Promise((r) => setTimeout(r, 100));
        await real.writeFileAtomically(file, text);
      } finally {
        writes.inFlight--;
      }
    },
  };
});

test('a save called while another is writing waits for it, and the cache on disk ends with every record', async ({ onTestFinished }) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'masko-derived-save-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await mkdir(path.join(dir, '.masko'));
  await mkdir(path.join(dir, 'out'));
  for (const name of ['a-64.webp', 'b-64.webp']) await writeFile(path.join(dir, 'out', name), name);

  const cache = await DerivedCache.load(dir);
  await cache.made('out/a-64.webp', path.join(dir, 'out', 'a-64.webp'), 'f'.repeat(64), 'webp 64');
  // Two variants finish one after the other, each saving (project-files.ts derive()): the second
  // save comes while the first is still being written.
  const first = cache.save();
  await cache.made('out/b-64.webp', path.join(dir, 'out', 'b-64.webp'), 'e'.repeat(64), 'webp 64');
  const second = cache.save();
  await Promise.all([first, second]);

  expect(writes.most).toBe(1);
  const again = await DerivedCache.load(dir);
  for (const rel of ['out/a-64.webp', 'out/b-64.webp']) {
    expect(await again.check(rel, path.join(dir, rel), rel.startsWith('out/a') ? 'f'.repeat(64) : 'e'.repeat(64), 'webp 64', false), rel).toMatchObject({ current: true });
  }
});
