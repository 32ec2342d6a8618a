// The media info a download read while writing a file stands for it: the file is not opened again
// for the index, even once it has been recorded.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { DeferredMediaReader } from '../../src/operations/output-modules.js';
import { noisePng } from './fixture-project.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'masko-media-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

it('keeps what downloads read, and reads only the files no download described', async () => {
  const png = noisePng({ width: 31, height: 17 }, 1);
  await writeFile(path.join(dir, 'read.png'), png);
  // On disk it is 31×17: a reader that opened it would say so, not 640×480.
  await writeFile(path.join(dir, 'learned.png'), png);
  const reader = new DeferredMediaReader(dir);
  reader.learn('a'.repeat(64), { width: 640, height: 480 });
  reader.add([
    { path: 'learned.png', sha256: 'a'.repeat(64), bytes: png.length },
    { path: 'read.png', sha256: 'b'.repeat(64), bytes: png.length },
  ]);
  expect(Object.fromEntries(await reader.settled())).toEqual({
    ['a'.repeat(64)]: { width: 640, height: 480 },
    ['b'.repeat(64)]: { width: 31, height: 17 },
  });
});
