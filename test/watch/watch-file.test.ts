/** The manifest watch never goes deaf: 50 random sequences of saves, renames, deletes and re-creates, each followed by its final content. */
import { close, open, write } from 'node:fs';
import { mkdtemp, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';
import { seededRandom } from '../../src/emulator/media/seed-hash.js';
import { watchFile } from '../../src/watch/watch-file.js';

const pOpen = promisify(open);
const pWrite = promisify(write);
const pClose = promisify(close);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Op = (file: string, text: string, n: number) => Promise<void>;

/** The ways editors and tools save a file. */
const OPS: Record<string, Op> = {
  // sed -i: a temp file in the same folder, renamed over the original.
  'sed -i': async (file, text, n) => {
    const tmp = path.join(path.dirname(file), `sed${n}`);
    await writeFile(tmp, text);
    await rename(tmp, file);
  },
  // Two renames over the file 0 ms apart.
  'rename twice': async (file, text, n) => {
    const a = path.join(path.dirname(file), `.a${n}.tmp`);
    const b = path.join(path.dirname(file), `.b${n}.tmp`);
    await writeFile(a, text + '# first\n');
    await writeFile(b, text);
    await rename(a, file);
    await rename(b, file);
  },
  'delete, then re-create': async (file, text) => {
    await unlink(file).catch(() => undefined);
    await writeFile(file, text);
  },
  // Truncate, then write in two pieces with a pause in between.
  'truncate + write': async (file, text) => {
    const fd = await pOpen(file, 'w');
    const half = Math.floor(text.length / 2);
    await pWrite(fd, text.slice(0, half));
    await sleep(5);
    await pWrite(fd, text.slice(half));
    await pClose(fd);
  },
  'write in place': (file, text) => writeFile(file, text),
};

test('after any of 50 random sequences of saves the watcher reports the final content, and keeps watching', async ({ onTestFinished }) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'masko-watch-file-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'masko.yaml');
  await writeFile(file, 'version: 1\n');
  const seen: string[] = [];
  let waiter: (() => void) | undefined;
  const watcher = watchFile(file, () => {
    void readFile(file, 'utf8').then(
      (t) => (seen.push(t), waiter?.()),
      () => (seen.push('<missing>'), waiter?.()),
    );
  }, { settleMs: 40, pollMs: 200 });
  onTestFinished(() => watcher.close());
  await watcher.ready;

  const random = seededRandom(20260111);
  const names = Object.keys(OPS);
  const log: string[] = [];
  for (let n = 0; n < 50; n++) {
    const ops = Array.from({ length: 1 + Math.floor(random() * 4) }, () => names[Math.floor(random() * names.length)]!);
    const final = `version: 1\n# sequence ${n}\n`;
    for (const [i, op] of ops.entries()) {
      await OPS[op]!(file, i === ops.length - 1 ? final : `version: 1\n# sequence ${n} step ${i}\n`, n * 10 + i);
      await sleep(Math.floor(random() * 25));
    }
    log.push(`${n}: ${ops.join(' → ')}`);
    // The final content is reported within a few settle periods (the backstop poll included).
    const deadline = Date.now() + 5000;
    while (seen.at(-1) !== final && Date.now() < deadline) await new Promise<void>((r) => ((waiter = r), setTimeout(r, 100)));
    expect(seen.at(-1), `sequence ${log.at(-1)}: the watch went deaf`).toBe(final);
  }
  // One save, well after the last sequence: still heard.
  await writeFile(file, 'version: 1\n# the end\n');
  const deadline = Date.now() + 5000;
  while (seen.at(-1) !== 'version: 1\n# the end\n' && Date.now() < deadline) await sleep(50);
  expect(seen.at(-1)).toBe('version: 1\n# the end\n');
});
