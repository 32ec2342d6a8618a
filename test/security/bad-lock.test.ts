/** A malicious or broken masko.lock: a clear error (exit 1, position, fix), never a crash, never a silent rewrite, no request. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { serializeLock } from '../../src/lockfile/index.js';
import { runCli } from '../helpers/cli.js';
import { tempProject } from '../helpers/project.js';
import { standardManifest } from '../helpers/sync-fixtures.js';
import { fullManifest, lockFor } from '../plan/builders.js';

const GOOD = serializeLock(lockFor(fullManifest()));
const firstPath = /"path": "[^"]*"/;

/** Fixed pseudo-random bytes (a small LCG), not UTF-8 text. */
function garbage(n: number): Buffer {
  let x = 7;
  return Buffer.from(Array.from({ length: n }, () => (x = (x * 1103515245 + 12345) >>> 0) >>> 24));
}

/** name → lock bytes, and whether the error can name a line and column. */
const CASES: Array<[string, string | Buffer, boolean]> = [
  ['truncated JSON', GOOD.slice(0, Math.floor(GOOD.length * 0.6)), true],
  ['git conflict markers', GOOD.replace('    "dance": {', '<<<<<<< HEAD\n    "dance": {').replace('    "idle": {', '=======\n    "idle": {\n>>>>>>> theirs'), true],
  ['a newer lockfileVersion', GOOD.replace('"lockfileVersion": 1', '"lockfileVersion": 2'), true],
  ['a path climbing out with ../', GOOD.replace(firstPath, '"path": "masko-assets/../../../outside.png"'), true],
  ['an absolute path', GOOD.replace(firstPath, '"path": "/etc/passwd"'), true],
  ['a number too large for JSON (1e400)', GOOD.replace(/"bytes": \d+/, '"bytes": 1e400'), true],
  ['a negative byte count and a bad sha256', GOOD.replace(/"bytes": \d+/, '"bytes": -5').replace(/"sha256": "[0-9a-f]+"/, '"sha256": "zz"'), true],
  ['a 2 MB garbage value under an unknown key', GOOD.replace('"lockfileVersion": 1', `"junk": "${'x'.repeat(2_000_000)}",\n  "lockfileVersion": 1`), true],
  ['binary garbage', garbage(4096), true],
  ['JSON nested 100,000 deep', `{"lockfileVersion": 1, "assets": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`, false],
  ['inputs nested 5,000 deep', GOOD.replace('"inputs": {', `"inputs": {\n        "deep": ${'['.repeat(5000)}${']'.repeat(5000)},`), true],
  ['a file path at package.json', GOOD.replace(firstPath, '"path": "package.json"'), true],
  ['an asset called __proto__', GOOD.replace('    "dance": {', '    "__proto__": {"polluted": true},\n    "dance": {'), true],
  ['an empty file', '', true],
  ['null', 'null\n', true],
];

/** A project with the standard manifest and `lock`; the API points at a closed port, so any request would show. */
async function projectWith(lock: string | Buffer, onFinished: (fn: () => Promise<void>) => void) {
  const p = await tempProject(standardManifest());
  onFinished(() => p.cleanup());
  await writeFile(path.join(p.dir, 'masko.lock'), lock);
  const env = { MASKO_API_URL: 'http://127.0.0.1:9', MASKO_API_KEY: 'masko_' + 'ab'.repeat(32) };
  return { p, run: (args: string[]) => runCli(args, { cwd: p.dir, env }) };
}

async function expectClearRefusal(lock: string | Buffer, args: string[], positioned: boolean, onFinished: (fn: () => Promise<void>) => void): Promise<void> {
  const { p, run } = await projectWith(lock, onFinished);
  const before = await p.lockBytes();
  const r = await run(args);
  const what = `${args.join(' ') || 'sync'}: exit ${r.code}\n${r.stderr}`;
  expect(r.code, what).toBe(1);
  expect(r.signal).toBeNull();
  expect(r.stderr, what).toMatch(positioned ? /^error: masko\.lock:\d+:\d+: / : /^error: masko\.lock(:\d+(:\d+)?)?: /);
  expect(r.stderr, what).toMatch(/\n {2}fix: /);
  expect(r.stderr, what).not.toMatch(/^\s+at |Node\.js v\d|RangeError|TypeError/m);
  expect(r.stderr, what).not.toMatch(/retrying|ECONNREFUSED/);
  expect(r.stderr.length, 'the message quotes no megabytes of the lock').toBeLessThan(4000);
  expect(await p.lockBytes(), 'the lock is left as it was').toEqual(before);
  expect((await p.files()).filter((f) => !f.startsWith('.masko/'))).toEqual(['masko.lock', 'masko.yaml']);
}

describe.concurrent('a bad masko.lock', () => {
  for (const [name, lock, positioned] of CASES) {
    test(`sync refuses ${name}`, async ({ onTestFinished }) => {
      await expectClearRefusal(lock, [], positioned, onTestFinished);
    });
  }
  // Every command that reads the lock goes through the same loader: each is checked once.
  const commands: Array<[string[], number]> = [[['plan', '--json'], 0], [['pull'], 2], [['--frozen'], 3], [['prune'], 0], [['explain', 'idle'], 4], [['plan'], 10], [['explain', 'idle'], 10], [['prune'], 11]];
  for (const [args, i] of commands) {
    const [name, lock, positioned] = CASES[i]!;
    test(`${args.join(' ')} refuses ${name}`, async ({ onTestFinished }) => {
      await expectClearRefusal(lock, args, positioned, onTestFinished);
    });
  }

  test('the newer-version error says to upgrade, and the conflict error says to keep both entries', async ({ onTestFinished }) => {
    const newer = await projectWith(CASES[2]![1], onTestFinished);
    expect((await newer.run([])).stderr).toMatch(/written by a newer masko-sync[\s\S]*upgrade masko-sync/);
    const conflict = await projectWith(CASES[1]![1], onTestFinished);
    expect((await conflict.run(['plan'])).stderr).toMatch(/merge conflict[\s\S]*keep both entries/i);
  });
});
