import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'masko-signals-'));
  await writeFile(path.join(dir, 'masko.yaml'), 'version: 1\ncollection: col-1\nassets:\n  a: { type: image, image_prompt: hello }\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

// A script (or a test runner) that calls main() again and again must not pile up signal listeners.
it('main() called many times in one process leaves one listener per signal, not one per call', async () => {
  const before = { int: process.listenerCount('SIGINT'), term: process.listenerCount('SIGTERM') };
  for (let i = 0; i < 12; i++) {
    const code = await main(['validate'], { cwd: dir, env: {}, isTTY: false, stdout: () => undefined, stderr: () => undefined });
    expect(code).toBe(0);
  }
  expect(process.listenerCount('SIGINT')).toBeLessThanOrEqual(before.int + 1);
  expect(process.listenerCount('SIGTERM')).toBeLessThanOrEqual(before.term + 1);
});
