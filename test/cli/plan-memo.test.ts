/**
 * `.masko/plan-memo.json` answers `plan` for a project whose manifest, lock and files are as they
 * were, and never once any of them changed, nor in another checkout, nor for a reroll.
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { RACY_MS, type Seen } from '../../src/lockfile/stat-pass.js';
import { rememberPlan } from '../../src/operations/plan-memo.js';
import type { Plan } from '../../src/model/plan.js';
import { runCli } from '../helpers/cli.js';
import { startTestEmulator } from '../helpers/emulator.js';
import { standardManifest } from '../helpers/sync-fixtures.js';

let root: string;
/** A synced project (images and an edit) that each test copies, so every copy's files are new on disk. */
let synced: string;
const copies = new Map<string, string>();
const SCENARIOS = ['hit', 'content', 'same-times', 'deleted', 'folder', 'manifest', 'lock', 'checkout', 'reroll', 'only'];

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'masko-planmemo-'));
  synced = path.join(root, 'synced');
  await mkdir(synced);
  await writeFile(path.join(synced, 'masko.yaml'), standardManifest({ without: ['wave-animated', 'idle-to-wave'] }));
  const emu = await startTestEmulator();
  try {
    const r = await runCli(['sync'], { cwd: synced, env: emu.env });
    expect(r.code, r.stderr).toBe(0);
  } finally {
    await emu.close();
  }
  for (const name of SCENARIOS) {
    const dir = path.join(root, name);
    await cp(synced, dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}.masko`) });
    copies.set(name, dir);
  }
  // Files changed within RACY_MS cannot vouch for their bytes, so no memo is written for them: let
  // the copies' files age past it once, for all the tests.
  await new Promise((r) => setTimeout(r, RACY_MS + 150));
}, 60_000);
afterAll(() => rm(root, { recursive: true, force: true }));

async function run(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(['plan', '--json', ...args], {
    cwd, env: {}, isTTY: false, signal: new AbortController().signal,
    stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t),
  });
  return { code, stdout, stderr };
}

async function plan(cwd: string, ...args: string[]): Promise<{ plan: Plan }> {
  const r = await run(cwd, ...args);
  expect(r.code, r.stderr).toBe(0);
  return { plan: JSON.parse(r.stdout) as Plan };
}

const memoPath = (dir: string) => path.join(dir, '.masko', 'plan-memo.json');
const stepOf = (p: Plan, id: string) => p.waves.flat().find((s) => s.id === id)!;

/** Plans, checks a memo was written, and marks the memo's plan so that an answer from it shows. */
async function planAndMark(dir: string): Promise<Plan> {
  const first = (await plan(dir)).plan;
  expect(existsSync(memoPath(dir)), 'a memo is written for files older than RACY_MS').toBe(true);
  const memo = JSON.parse(await readFile(memoPath(dir), 'utf8')) as { plan: Plan };
  for (const s of memo.plan.waves.flat()) s.reason = 'from the memo';
  await writeFile(memoPath(dir), JSON.stringify(memo));
  return first;
}

/** The plan computed without any memo (what the memo must agree with). */
async function fresh(dir: string): Promise<Plan> {
  await rm(memoPath(dir), { force: true });
  return (await plan(dir)).plan;
}

async function lockedFile(dir: string, id: string): Promise<string> {
  const lock = JSON.parse(await readFile(path.join(dir, 'masko.lock'), 'utf8')) as { assets: Record<string, { files: Record<string, { path: string }> }> };
  return lock.assets[id]!.files['image']!.path;
}

describe('the plan memo in .masko/', () => {
  it('answers a second plan of an unchanged project, and agrees with planning afresh', async () => {
    const dir = copies.get('hit')!;
    const first = await planAndMark(dir);
    expect(first.waves.flat().every((s) => s.action === 'unchanged')).toBe(true);
    const second = (await plan(dir)).plan;
    expect(second.waves.flat().map((s) => s.reason)).toEqual(second.waves.flat().map(() => 'from the memo'));
    expect(await fresh(dir)).toEqual(first);
  });

  it('is not used once a locked file changed, even to bytes of the same size', async () => {
    const dir = copies.get('content')!;
    await planAndMark(dir);
    const rel = await lockedFile(dir, 'wave');
    const bytes = await readFile(path.join(dir, rel));
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
    await writeFile(path.join(dir, rel), bytes);
    const after = (await plan(dir)).plan;
    expect(stepOf(after, 'wave').action).toBe('restore');
    expect(after.waves.flat().some((s) => s.reason === 'from the memo')).toBe(false);
    expect(await fresh(dir)).toEqual(after);
  });

  it('is not used once a locked file was replaced by other bytes of the same size with its old times put back (cp -p, touch -r)', async () => {
    const dir = copies.get('same-times')!;
    await planAndMark(dir);
    const abs = path.join(dir, await lockedFile(dir, 'wave'));
    const before = await stat(abs);
    // The file's times, to the nanosecond, kept on another file (`cp -p`).
    const times = path.join(root, 'same-times-reference');
    execFileSync('cp', ['-p', abs, times]);
    const bytes = await readFile(abs);
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
    // Written in place (same inode, same size), then its times set back.
    await writeFile(abs, bytes);
    execFileSync('touch', ['-r', times, abs]);
    const after = await stat(abs);
    expect([after.ino, after.size, after.mtimeMs]).toEqual([before.ino, before.size, before.mtimeMs]);
    const planned = (await plan(dir)).plan;
    expect(stepOf(planned, 'wave').action).toBe('restore');
    expect(await fresh(dir)).toEqual(planned);
  });

  it('is not used once a locked file is gone', async () => {
    const dir = copies.get('deleted')!;
    await planAndMark(dir);
    await rm(path.join(dir, await lockedFile(dir, 'idle')));
    const after = (await plan(dir)).plan;
    expect(stepOf(after, 'idle').action).toBe('restore');
    expect(await fresh(dir)).toEqual(after);
  });

  it('never stands in for the check of the output folder: a folder that became a symlink out of the project is refused', async () => {
    const dir = copies.get('folder')!;
    await planAndMark(dir);
    // The same files (a rename keeps their inode and times), now reached through a symlink.
    const outside = path.join(root, 'folder-outside');
    await rename(path.join(dir, 'out'), outside);
    await symlink(outside, path.join(dir, 'out'));
    const r = await run(dir);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/OUTPUT_PATH_ESCAPES/);
  });

  it('is not used once the manifest changed', async () => {
    const dir = copies.get('manifest')!;
    await planAndMark(dir);
    await writeFile(path.join(dir, 'masko.yaml'), standardManifest({ without: ['wave-animated', 'idle-to-wave'], prompts: { idle: 'sitting down' } }));
    const after = (await plan(dir)).plan;
    expect(stepOf(after, 'idle').action).toBe('regenerate');
    expect(await fresh(dir)).toEqual(after);
  });

  it('is not used once the lock changed', async () => {
    const dir = copies.get('lock')!;
    await planAndMark(dir);
    const lockPath = path.join(dir, 'masko.lock');
    const lock = JSON.parse(await readFile(lockPath, 'utf8')) as { assets: Record<string, unknown> };
    delete lock.assets['wave-santa'];
    await writeFile(lockPath, JSON.stringify(lock, null, 2) + '\n');
    const after = (await plan(dir)).plan;
    expect(stepOf(after, 'wave-santa').action).toBe('create');
    expect(await fresh(dir)).toEqual(after);
  });

  it('is never used in another checkout: a memo committed with the project is not believed', async () => {
    const dir = copies.get('checkout')!;
    const first = await planAndMark(dir);
    // Someone else's checkout of the same commit, its .masko/ included (`git add -f`).
    const other = path.join(root, 'checkout-other');
    await cp(dir, other, { recursive: true });
    expect(existsSync(memoPath(other))).toBe(true);
    const theirs = (await plan(other)).plan;
    expect(theirs.waves.flat().some((s) => s.reason === 'from the memo')).toBe(false);
    expect(theirs).toEqual(first);
  });

  it('is not written for files changed within RACY_MS of the look, by mtime or by ctime', async () => {
    const dir = path.join(root, 'racy');
    await mkdir(path.join(dir, '.masko'), { recursive: true });
    const file = (mtimeMs: number, ctimeMs: number): Seen => ({ kind: 'file', key: { size: 1, mtimeMs, ctimeMs, ino: 1 } });
    const now = 1_000_000_000_000;
    const remember = async (seen: Seen[]) => {
      await rm(memoPath(dir), { force: true });
      await rememberPlan(memoPath(dir), 'k', seen.map((_, i) => `f${i}`), seen, { waves: [] } as unknown as Plan, now);
      return existsSync(memoPath(dir));
    };
    expect(await remember([file(now - RACY_MS, now - RACY_MS), { kind: 'absent' }, { kind: 'symlink' }])).toBe(true);
    expect(await remember([file(now - RACY_MS, now - RACY_MS), file(now - 10 * RACY_MS, now - RACY_MS + 1)])).toBe(false);
    expect(await remember([file(now - RACY_MS + 1, now - RACY_MS)])).toBe(false);
    // A time ahead of the clock (another machine's, on a shared disk) is recent too.
    expect(await remember([file(now + 5000, now + 5000)])).toBe(false);
  });

  it('never answers a reroll', async () => {
    const dir = copies.get('reroll')!;
    await planAndMark(dir);
    const rerolled = (await plan(dir, '--reroll', 'wave')).plan;
    expect(stepOf(rerolled, 'wave').action).toBe('regenerate');
    expect(rerolled.waves.flat().some((s) => s.reason === 'from the memo')).toBe(false);
  });

  it('keeps --only working on a remembered plan', async () => {
    const dir = copies.get('only')!;
    await planAndMark(dir);
    const only = (await plan(dir, '--only', 'wave-santa')).plan;
    expect(only.waves.flat().map((s) => s.id).sort()).toEqual(['wave', 'wave-santa']);
    expect(only.waves.flat().every((s) => s.reason === 'from the memo')).toBe(true);
  });
});
