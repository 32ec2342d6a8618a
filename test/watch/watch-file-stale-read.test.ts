/** The manifest watch is not fooled by reads that end out of order: a save back to older content is still seen. */
import type * as realFs from 'node:fs/promises';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test, vi } from 'vitest';
import { watchFile } from '../../src/watch/watch-file.js';

// Reads take the bytes at once but answer late when told to: the second read of the watch (the
// first after a save) answers 1.5 s late, as a read can on a loaded machine.
const slow = vi.hoisted(() => ({ calls: 0, slowCall: 1, lateMs: 1500, lateAnswered: false }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof realFs>();
  const readFile = (async (...args: Parameters<typeof fs.readFile>) => {
    const call = slow.calls++;
    const bytes = await fs.readFile(...args);
    if (call === slow.slowCall) {
      await new Promise((r) => setTimeout(r, slow.lateMs));
      slow.lateAnswered = true;
    }
    return bytes;
  }) as typeof fs.readFile;
  return { ...fs, default: { ...fs, readFile }, readFile };
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until `ok()` holds, for at most 10 s (a deadline against hanging, not a timing claim). */
async function until(ok: () => boolean): Promise<boolean> {
  for (const end = Date.now() + 10_000; Date.now() < end; await sleep(25)) if (ok()) return true;
  return ok();
}

test('a read that ends after a newer one does not hide a later save back to its content', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'masko-watch-stale-'));
  const file = path.join(dir, 'masko.yaml');
  await writeFile(file, 'A\n');
  let changes = 0;
  const w = watchFile(file, () => void changes++, { settleMs: 20 });
  try {
    await w.ready; // read 0: A
    await writeFile(file, 'B\n'); // read 1 sees B but answers 1.5 s late
    await sleep(300);
    await writeFile(file, 'C\n'); // a later read sees C and answers at once
    expect(await until(() => slow.lateAnswered && changes > 0), 'the late answer came').toBe(true);
    await sleep(100);
    const before = changes;
    await writeFile(file, 'B\n'); // back to B: a change from C, the file's content
    expect(await until(() => changes > before), 'the save back to B was reported').toBe(true);
  } finally {
    await w.close();
    await rm(dir, { recursive: true, force: true });
  }
});
