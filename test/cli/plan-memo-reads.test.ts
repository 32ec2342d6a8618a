/**
 * The plan memo remembers only a plan computed from the bytes its key describes: not one whose
 * manifest was parsed from other bytes than the ones hashed into the key (the file changed between
 * the two reads), nor one that saw a file it could not read (a transient EIO or EMFILE is not the
 * state of the disk). Both faults are injected in node:fs/promises, as a concurrent edit or a
 * failing read would make them happen, so that the order of events is exact.
 */
import type * as realFs from 'node:fs/promises';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { RACY_MS } from '../../src/lockfile/stat-pass.js';
import type { Plan } from '../../src/model/plan.js';
import { runCli } from '../helpers/cli.js';
import { startTestEmulator } from '../helpers/emulator.js';
import { standardManifest } from '../helpers/sync-fixtures.js';

const fault = vi.hoisted(() => ({
  /** The next `readFile` of a path ending so answers these bytes instead (the file changed in between). */
  readFileOf: undefined as { suffix: string; bytes: Buffer } | undefined,
  /** The next `open` of a path ending so fails with EIO. */
  openOf: undefined as string | undefined,
}));
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof realFs>();
  const readFile = (async (...args: Parameters<typeof fs.readFile>) => {
    const f = fault.readFileOf;
    if (f && String(args[0]).endsWith(f.suffix)) {
      fault.readFileOf = undefined;
      return f.bytes;
    }
    return fs.readFile(...args);
  }) as typeof fs.readFile;
  const open = (async (...args: Parameters<typeof fs.open>) => {
    if (fault.openOf && String(args[0]).endsWith(fault.openOf)) {
      fault.openOf = undefined;
      throw Object.assign(new Error(`EIO: i/o error, open '${String(args[0])}'`), { code: 'EIO' });
    }
    return fs.open(...args);
  }) as typeof fs.open;
  return { ...fs, default: { ...fs, readFile, open }, readFile, open };
});

let root: string;
const copies = new Map<string, string>();
const MANIFEST = standardManifest({ without: ['wave-animated', 'idle-to-wave'] });

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'masko-planmemo-reads-'));
  const synced = path.join(root, 'synced');
  await mkdir(synced);
  await writeFile(path.join(synced, 'masko.yaml'), MANIFEST);
  const emu = await startTestEmulator();
  try {
    const r = await runCli(['sync'], { cwd: synced, env: emu.env });
    expect(r.code, r.stderr).toBe(0);
  } finally {
    await emu.close();
  }
  for (const name of ['manifest-race', 'read-error']) {
    const dir = path.join(root, name);
    await cp(synced, dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}.masko`) });
    copies.set(name, dir);
  }
  // A memo is written only for files older than RACY_MS.
  await new Promise((r) => setTimeout(r, RACY_MS + 150));
}, 60_000);
afterAll(async () => {
  fault.readFileOf = undefined;
  fault.openOf = undefined;
  await rm(root, { recursive: true, force: true });
});

async function plan(cwd: string): Promise<Plan> {
  let stdout = '';
  let stderr = '';
  const code = await main(['plan', '--json'], {
    cwd, env: {}, isTTY: false, signal: new AbortController().signal,
    stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t),
  });
  expect(code, stderr).toBe(0);
  return JSON.parse(stdout) as Plan;
}

/** The plan with no cache of any kind (all of .masko/ gone). */
async function fresh(dir: string): Promise<Plan> {
  await rm(path.join(dir, '.masko'), { recursive: true, force: true });
  return plan(dir);
}

const memoPath = (dir: string) => path.join(dir, '.masko', 'plan-memo.json');
const stepOf = (p: Plan, id: string) => p.waves.flat().find((s) => s.id === id)!;

describe('the plan memo remembers only what its key describes', () => {
  it('a manifest that changed between the read of its bytes and its parse is not remembered under the old bytes', async () => {
    const dir = copies.get('manifest-race')!;
    // The read that parses sees an edit the read that hashed did not.
    const edited = standardManifest({ without: ['wave-animated', 'idle-to-wave'], prompts: { idle: 'sitting down' } });
    fault.readFileOf = { suffix: `${path.sep}masko.yaml`, bytes: Buffer.from(edited) };
    await plan(dir);
    fault.readFileOf = undefined;
    // masko.yaml on disk is the file that was hashed, unchanged: the memo's key matches it.
    expect(await readFile(path.join(dir, 'masko.yaml'), 'utf8')).toBe(MANIFEST);
    const again = await plan(dir);
    const expected = await fresh(dir);
    expect(stepOf(expected, 'idle').action).toBe('unchanged');
    expect(again).toEqual(expected);
  });

  it('a plan that could not read a file it saw is not remembered', async () => {
    const dir = copies.get('read-error')!;
    const lock = JSON.parse(await readFile(path.join(dir, 'masko.lock'), 'utf8')) as { assets: Record<string, { files: Record<string, { path: string }> }> };
    const rel = lock.assets['wave']!.files['image']!.path;
    fault.openOf = path.join(...rel.split('/'));
    const failed = await plan(dir);
    expect(fault.openOf, 'the injected read error happened').toBeUndefined();
    // The file could not be read once: that plan restores it, and is not kept.
    expect(stepOf(failed, 'wave').action).toBe('restore');
    const remembered = existsSync(memoPath(dir));
    const again = await plan(dir);
    expect(stepOf(again, 'wave').action).toBe('unchanged');
    expect(again).toEqual(await fresh(dir));
    expect(remembered).toBe(false);
  });
});
