import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, unlink, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/graph/index.js';
import { serializeLock } from '../../src/lockfile/index.js';
import { loadManifest } from '../../src/manifest/index.js';
import type { Lockfile } from '../../src/model/lock.js';
import type { Plan } from '../../src/model/plan.js';
import { inputsFromLock } from '../../src/plan/inputs-from-lock.js';
import { expectedPath } from '../../src/plan/file-names.js';
import { keysOf } from '../plan/builders.js';

const bin = path.resolve('bin/masko-sync.js');
const root = await mkdtemp(path.join(os.tmpdir(), 'masko-plan-e2e-'));
afterAll(() => rm(root, { recursive: true, force: true }));

function cli(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * A fresh copy of an example's manifest alone: the quick start syncs examples/full in place, so the
 * folder may hold a lock and files that these tests must not depend on.
 */
async function example(name: string): Promise<string> {
  const dir = path.join(root, `${name}-${Math.random().toString(36).slice(2)}`);
  await mkdir(dir, { recursive: true });
  await cp(path.resolve('examples', name, 'masko.yaml'), path.join(dir, 'masko.yaml'));
  return dir;
}

/** Copies an example and writes the lock and files a completed sync would leave. */
async function synced(name: string): Promise<string> {
  const dir = await example(name);
  const { manifest } = loadManifest(await readFile(path.join(dir, 'masko.yaml'), 'utf8'));
  if (!manifest) throw new Error(`examples/${name} is invalid`);
  const lock: Lockfile = { lockfileVersion: 1, collection: 'col_e2e', assets: {} };
  for (const id of buildGraph(manifest).waves.flat()) {
    const asset = manifest.assets[id]!;
    const { inputs, fingerprint } = inputsFromLock(asset, 'col_e2e', lock);
    const files: Lockfile['assets'][string]['files'] = {};
    for (const key of keysOf(asset.kind)) {
      const rel = expectedPath(asset, key, key === 'video' ? 'mp4' : key === 'webm' ? 'webm' : key === 'hevc' ? 'mov' : 'png');
      const content = `${id}/${key}`;
      await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
      await writeFile(path.join(dir, rel), content);
      // Dated in the past, as after a real sync: recent files are never stat-cached.
      await utimes(path.join(dir, rel), new Date('2024-01-01'), new Date('2024-01-01'));
      files[key] = { asset_id: `as_${id}_${key}`, url: `https://cdn.example/${id}/${key}`, path: rel, bytes: content.length, sha256: createHash('sha256').update(content).digest('hex') };
    }
    lock.assets[id] = { type: asset.kind, name: asset.name, fingerprint, inputs, item_id: `it_${id}`, job_id: `job_${id}`, status: 'completed', credits: 1, files, ...(asset.kind === 'reverse' ? { reverse_of: asset.parent } : {}) };
  }
  await writeFile(path.join(dir, 'masko.lock'), serializeLock(lock));
  return dir;
}

describe('masko-sync plan (built CLI)', () => {
  it('plans every asset of each example as create, with a summary and credits', async () => {
    for (const name of ['minimal', 'full']) {
      const r = cli(await example(name), 'plan');
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^\d+ to create; estimated \d+ credits?$/m);
      expect(r.stdout).toMatch(/^\+ \S+ +create +not in the lock/m);
    }
    const full = await example('full');
    const json = JSON.parse(cli(full, 'plan', '--json').stdout) as Plan;
    expect(json.format_version).toBe(1);
    expect(json.summary.create).toBe(json.waves.flat().length);
    expect(json.summary.credits).toBe(json.waves.flat().reduce((n, s) => n + s.credits, 0));
    expect(json.waves.flat().find((s) => s.id === 'wave-to-idle')).toMatchObject({ credits: 0, depends_on: ['idle-to-wave'] });
    expect(cli(full, 'plan', '--detailed-exitcode').code).toBe(2);
  });

  it('a synced project is all unchanged (exit 0 with --detailed-exitcode); a deleted file is a free restore (exit 2)', async () => {
    const dir = await synced('full');
    const r = cli(dir, 'plan', '--detailed-exitcode');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^9 unchanged; estimated 0 credits$/m);
    await unlink(path.join(dir, 'masko-assets/wave.png'));
    const after = cli(dir, 'plan', '--detailed-exitcode', '--json');
    expect(after.code).toBe(2);
    const plan = JSON.parse(after.stdout) as Plan;
    expect(plan.waves.flat().find((s) => s.id === 'wave')).toMatchObject({ action: 'restore', restore: ['image'], credits: 0 });
    expect(await readFile(path.join(dir, '.masko/stat-cache.json'), 'utf8')).toContain('masko-assets/idle.png');
  });

  it('a changed prompt regenerates the asset and its dependants; explain names the field', async () => {
    const dir = await synced('full');
    const yaml = path.join(dir, 'masko.yaml');
    await writeFile(yaml, (await readFile(yaml, 'utf8')).replace('waving hello with a friendly smile', 'waving goodbye'));
    const r = cli(dir, 'plan');
    expect(r.stdout).toMatch(/^~ wave +regenerate +image_prompt changed \(1 credit\)$/m);
    expect(r.stdout).toMatch(/^~ wave-santa +regenerate +upstream wave changes/m);
    expect(r.stdout).toMatch(/^~ wave-santa-night +regenerate +upstream wave-santa changes/m);
    const e = cli(dir, 'explain', 'wave');
    expect(e.code, e.stderr).toBe(0);
    expect(e.stdout).toMatch(/^wave: regenerate: image_prompt changed/);
    expect(e.stdout).toMatch(/image_prompt +≠ "waving goodbye" +\| +"waving hello with a friendly smile"/);
    const j = JSON.parse(cli(dir, 'explain', 'wave', '--json').stdout) as { changed: string[] };
    expect(j.changed).toEqual(['image_prompt']);
    expect(cli(dir, 'explain', 'nope').code).toBe(4);
    // A typo is answered with the nearest id, as --only and --reroll answer it.
    expect(cli(dir, 'explain', 'wav').stderr).toBe('error: no asset "wav" (did you mean "wave"?) in masko.yaml or masko.lock\n');
  });

  it('an invalid manifest exits 4 with diagnostics; a conflicted lock exits 1 naming the line and the fix', async () => {
    const dir = await synced('minimal');
    const lockText = await readFile(path.join(dir, 'masko.lock'), 'utf8');
    const lines = lockText.split('\n');
    lines.splice(3, 0, '<<<<<<< HEAD');
    await writeFile(path.join(dir, 'masko.lock'), lines.join('\n'));
    const r = cli(dir, 'plan');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/masko\.lock:4:1: unresolved git merge conflict/);
    expect(r.stderr).toMatch(/keep both entries/i);
    await writeFile(path.join(dir, 'masko.yaml'), 'version: 1\ncollection: c\nassets:\n  a: { type: image }\n');
    const bad = cli(dir, 'plan');
    expect(bad.code).toBe(4);
    expect(bad.stderr).toMatch(/SCHEMA_REQUIRED|error/);
  });
});
