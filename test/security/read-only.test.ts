/** A read-only output folder is reported at once, naming the folder or file, never as a cut-off download retried for seconds. */
import { spawn } from 'node:child_process';
import { chmod, chown, mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from 'vitest';
import { cleanEnv, ROOT, type CliResult } from '../helpers/cli.js';
import { out, standardManifest, syncWorld, type SyncWorld } from '../helpers/sync-fixtures.js';

/** Permissions mean nothing to root: as root, the CLI runs as `nobody` over a project it owns. */
const AS_ROOT = process.getuid?.() === 0;
const NOBODY = 65534;

function runAs(w: SyncWorld, args: string[]): Promise<CliResult> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'masko-sync.js'), ...args], {
    cwd: w.project.dir,
    env: cleanEnv(w.emu.env),
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(AS_ROOT ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Hands the project to the user the CLI runs as. */
async function own(dir: string): Promise<void> {
  if (!AS_ROOT) return;
  const walk = async (p: string): Promise<void> => {
    await chown(p, NOBODY, NOBODY);
    if ((await stat(p)).isDirectory()) for (const e of await readdir(p)) await walk(path.join(p, e));
  };
  await walk(dir);
}

test('a read-only output folder: sync refuses before paying, pull names the file at once; neither retries nor speaks of cut-off downloads', async ({ onTestFinished }) => {
  const w = await syncWorld(onTestFinished);
  const first = await w.cli();
  expect(first.code, out(first)).toBe(0);
  const idle = (await w.project.lock()).assets.idle!.files.image!;
  await w.project.remove(idle.path);
  await w.project.writeManifest(standardManifest({ extraAssets: ['hero: { type: image, image_prompt: "a heroic pose" }'] }));
  await own(w.project.dir);
  await chmod(path.join(w.project.dir, 'out'), 0o555);
  onTestFinished(() => chmod(path.join(w.project.dir, 'out'), 0o755));
  const balance = await w.emu.balance();

  const sync = await runAs(w, []);
  expect(sync.code, out(sync)).toBe(1);
  expect(sync.stderr).toMatch(/cannot write into out\/ \(permission denied, EACCES\); nothing was submitted and nothing was spent/);
  expect(await w.emu.balance()).toBe(balance);

  const pull = await runAs(w, ['pull']);
  expect(pull.code, out(pull)).toBe(1);
  expect(pull.stderr).toMatch(/could not restore out\/idle\.png \(idle image\): cannot write out\/idle\.png: permission denied \(EACCES\); check that the folder is writable/);
  // At once: not one retry (each would be logged), no 20 s of backoff.
  for (const r of [sync, pull]) expect(r.stderr).not.toMatch(/retrying|cut off/);
});

test('a read-only project folder, or a .masko/ that is not this user\'s: every writing command says which folder and the fix, before paying', async ({ onTestFinished }) => {
  const w = await syncWorld(onTestFinished);
  await own(w.project.dir);
  await chmod(w.project.dir, 0o555);
  onTestFinished(() => chmod(w.project.dir, 0o755));
  const balance = await w.emu.balance();
  for (const args of [[], ['pull'], ['--frozen'], ['prune']]) {
    const r = await runAs(w, args);
    expect(r.code, `${args.join(' ')}: ${out(r)}`).toBe(1);
    expect(r.stderr, args.join(' ')).toMatch(/cannot write into the folder of masko\.yaml \(permission denied, EACCES\): masko-sync needs to create \.masko\/ there for its run lock; nothing was done and nothing was spent\. Make the folder writable/);
  }
  expect(await w.emu.balance()).toBe(balance);

  // .masko/ exists but belongs to someone else (made by a run as root, say)
  await chmod(w.project.dir, 0o755);
  await mkdir(path.join(w.project.dir, '.masko'), { recursive: true });
  if (AS_ROOT) await chown(path.join(w.project.dir, '.masko'), 0, 0);
  await chmod(path.join(w.project.dir, '.masko'), 0o555);
  onTestFinished(() => chmod(path.join(w.project.dir, '.masko'), 0o755));
  const r = await runAs(w, []);
  expect(r.code, out(r)).toBe(1);
  expect(r.stderr).toMatch(/cannot write into \.masko\/ \(permission denied, EACCES\): masko-sync needs to write its run lock \(\.masko\/run\.lock\) there/);
  expect(r.stderr).not.toMatch(/run\.lock\.\d+\./);
  expect(await w.emu.balance()).toBe(balance);
});
