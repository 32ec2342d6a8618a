/** `.masko/lock-check.json` lets an unchanged lock skip its checks, and never stands in for them on a lock that came with a checkout. */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { identityKey, readWithIdentity } from '../../src/operations/file-identity.js';

let root: string;
let dir: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'masko-lockcheck-'));
  dir = path.join(root, 'a');
});
afterEach(() => rm(root, { recursive: true, force: true }));

async function plan(cwd = dir) {
  let stdout = '';
  let stderr = '';
  const code = await main(['plan', '--json'], {
    cwd, env: {}, isTTY: false, signal: new AbortController().signal,
    stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t),
  });
  return { code, stdout, stderr };
}

const MANIFEST = 'version: 1\ncollection: col-1\nassets:\n  a: { type: image, image_prompt: hello }\n';
// Valid JSON, refused by the lock's schema (no such field).
const BAD_LOCK = '{\n  "assets": {},\n  "lockfileVersion": 1,\n  "planted": true\n}\n';

/** The cache a pull request could commit: the key of its lock as computed in its author's own checkout. */
async function plantCheckCache(where: string): Promise<void> {
  const read = await readWithIdentity(path.join(where, 'masko.lock'));
  await writeFile(path.join(where, '.masko', 'lock-check.json'), JSON.stringify({ key: await identityKey(read.bytes, read.identity) }) + '\n');
}

describe('the lock-check cache in .masko/', () => {
  it('is written once a lock passes its checks, and an edited lock is checked again', async () => {
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'masko.yaml'), MANIFEST);
    await writeFile(path.join(dir, 'masko.lock'), '{\n  "assets": {},\n  "lockfileVersion": 1\n}\n');
    expect((await plan()).code).toBe(0);
    const cached = JSON.parse(await readFile(path.join(dir, '.masko/lock-check.json'), 'utf8')) as { key: string };
    expect(cached.key).toMatch(/:[0-9a-f]{64}:\d+:\d+:\d+$/);
    expect((await plan()).code).toBe(0);

    await writeFile(path.join(dir, 'masko.lock'), BAD_LOCK);
    const r = await plan();
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/masko\.lock:\d+:\d+: .*planted/);
  });

  it('never trusts a cache that came with the checkout: a planted one does not let a bad lock through', async () => {
    await mkdir(path.join(dir, '.masko'), { recursive: true });
    await writeFile(path.join(dir, 'masko.yaml'), MANIFEST);
    await writeFile(path.join(dir, 'masko.lock'), BAD_LOCK);
    await plantCheckCache(dir);
    // In its author's own checkout the planted key matches, so the cache is consulted: that is what
    // the copy below must not be fooled by.
    expect((await plan()).code).toBe(0);

    // Someone else's checkout of that commit: the same bytes, in files of its own.
    const other = path.join(root, 'b');
    await mkdir(path.join(other, '.masko'), { recursive: true });
    for (const f of ['masko.yaml', 'masko.lock', '.masko/lock-check.json']) await writeFile(path.join(other, f), await readFile(path.join(dir, f)));
    const r = await plan(other);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/masko\.lock:\d+:\d+: .*planted/);
  });
});
