// A second Ctrl-C can come while a run releases its lock: until the file is gone, the synchronous
// exit listener that removes it must still be there (it once came off first, and the lock stayed).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { acquireRunLock } from '../../src/operations/run-lock.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'masko-runlock-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('keeps its exit listener until the lock file is removed', async () => {
  const before = process.listeners('exit').length;
  const lock = await acquireRunLock(dir, 'sync');
  const file = path.join(dir, '.masko/run.lock');
  expect(existsSync(file)).toBe(true);
  const added = process.listeners('exit').slice(before);
  expect(added).toHaveLength(1);
  const releasing = lock.release();
  // Release has begun (its first read is under way): an exit now must still take the file away.
  expect(process.listeners('exit')).toContain(added[0]);
  expect(existsSync(file)).toBe(true);
  (added[0] as () => void)();
  expect(existsSync(file)).toBe(false);
  await releasing;
  expect(process.listeners('exit')).not.toContain(added[0]);
  expect(process.listeners('exit').length).toBe(before);
});
