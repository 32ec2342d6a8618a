/** The manifest watch becomes ready even when chokidar is ready before the first read of the file ends. */
import type * as realFs from 'node:fs/promises';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test, vi } from 'vitest';
import { watchFile } from '../../src/watch/watch-file.js';

// The watcher's own first read of the manifest (its content key) is slow, as it was in a suite
// under load: chokidar finishes scanning the folder long before it ends.
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof realFs>();
  const readFile = (async (...args: Parameters<typeof fs.readFile>) => {
    await new Promise((r) => setTimeout(r, 1500));
    return fs.readFile(...args);
  }) as typeof fs.readFile;
  return { ...fs, default: { ...fs, readFile }, readFile };
});

test('ready resolves though chokidar said ready before the first read of the file ended', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'masko-watch-ready-'));
  const file = path.join(dir, 'masko.yaml');
  await writeFile(file, 'version: 1\n');
  const w = watchFile(file, () => undefined, { settleMs: 20 });
  try {
    // Resolving is all that is asked; the guard turns a hang into a failure with a reason.
    const outcome = await Promise.race([
      w.ready.then(() => 'ready'),
      new Promise<string>((r) => setTimeout(() => r('still not ready after 15 s'), 15_000).unref()),
    ]);
    expect(outcome).toBe('ready');
  } finally {
    await w.close();
    await rm(dir, { recursive: true, force: true });
  }
});
