import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'masko-mcache-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function plan() {
  let stdout = '';
  let stderr = '';
  const code = await main(['plan', '--json'], {
    cwd: dir, env: {}, isTTY: false, signal: new AbortController().signal,
    stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t),
  });
  return { code, stderr, plan: code === 0 || code === 2 ? (JSON.parse(stdout) as { waves: Array<Array<{ id: string }>> }) : undefined };
}

const manifest = (prompt: string) => `version: 1\ncollection: col-1\nassets:\n  a: { type: image, image_prompt: ${prompt} }\n`;

describe('the manifest cache in .masko/', () => {
  it('is written for a valid manifest and followed when the file changes', async () => {
    await writeFile(path.join(dir, 'masko.yaml'), manifest('hello'));
    expect((await plan()).code).toBe(0);
    const cache = JSON.parse(await readFile(path.join(dir, '.masko/manifest-cache.json'), 'utf8')) as { manifest: { assets: Record<string, { image_prompt: string }> } };
    expect(cache.manifest.assets.a!.image_prompt).toBe('hello');
    await writeFile(path.join(dir, 'masko.yaml'), manifest('hello').replace('a:', 'b:'));
    const again = await plan();
    expect(again.plan!.waves.flat().map((s) => s.id)).toEqual(['b']);
  });

  it('never hides a mistake: an invalid edit after a cached valid manifest is reported', async () => {
    await writeFile(path.join(dir, 'masko.yaml'), manifest('hello'));
    expect((await plan()).code).toBe(0);
    await writeFile(path.join(dir, 'masko.yaml'), manifest('hello').replace('type: image', 'type: imag'));
    const r = await plan();
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/SCHEMA_ENUM/);
  });

  it('never trusts a cache that came with the checkout: a forged one saying more than masko.yaml is not followed', async () => {
    // The cache a pull request could commit (git add -f): made on another machine from the same
    // masko.yaml, then edited to add an asset that masko.yaml does not have.
    await writeFile(path.join(dir, 'masko.yaml'), manifest('hello'));
    expect((await plan()).code).toBe(0);
    const cacheFile = path.join(dir, '.masko/manifest-cache.json');
    const forged = JSON.parse(await readFile(cacheFile, 'utf8')) as { key: string; manifest: { assets: Record<string, unknown> } };
    forged.manifest.assets.extra = { ...(forged.manifest.assets.a as object), id: 'extra' };
    const yaml = await readFile(path.join(dir, 'masko.yaml'));

    // A fresh checkout of that commit: the same bytes, in files of its own.
    await rm(dir, { recursive: true, force: true });
    await mkdir(path.join(dir, '.masko'), { recursive: true });
    await writeFile(path.join(dir, 'masko.yaml'), yaml);
    await writeFile(cacheFile, JSON.stringify(forged) + '\n');

    const r = await plan();
    expect(r.code).toBe(0);
    expect(r.plan!.waves.flat().map((s) => s.id)).toEqual(['a']);
    // And the checkout's own cache replaces the forged one.
    expect(Object.keys((JSON.parse(await readFile(cacheFile, 'utf8')) as typeof forged).manifest.assets)).toEqual(['a']);
  });

  it('ignores a corrupt cache file', async () => {
    await writeFile(path.join(dir, 'masko.yaml'), manifest('hello'));
    expect((await plan()).code).toBe(0);
    await writeFile(path.join(dir, '.masko/manifest-cache.json'), '{"key": 1, "manif');
    expect((await plan()).code).toBe(0);
  });
});
