import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireRunLock } from '../../src/operations/run-lock.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'masko-runlock-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** The pid of a process that has exited. */
function deadPid(): string {
  return spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
}

describe('run lock takeover', () => {
  it('of a stale lock: of several runs racing for it, exactly one gets it', async () => {
    await mkdir(path.join(dir, '.masko'));
    const stale = { pid: Number(deadPid()), host: os.hostname(), started_at: '2020-01-01T00:00:00.000Z', command: 'sync' };
    await writeFile(path.join(dir, '.masko/run.lock'), JSON.stringify(stale));
    const attempts = await Promise.allSettled(Array.from({ length: 5 }, () => acquireRunLock(dir, 'sync')));
    const won = attempts.filter((a) => a.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const a of attempts) if (a.status === 'rejected') expect(String(a.reason)).toMatch(/holds the project lock/);
    expect((await readdir(path.join(dir, '.masko'))).sort()).toEqual(['run.lock']);
  });
});
