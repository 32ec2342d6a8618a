/** One run at a time per project, end to end: a live holder is named and refused; a dead one is taken over. */
import { spawn } from 'node:child_process';
import os from 'node:os';
import { describe, expect, test } from 'vitest';
import { out, STANDARD_IDS, statuses, syncWorld } from '../helpers/sync-fixtures.js';

function holder(pid: number, host = os.hostname()): string {
  return JSON.stringify({ pid, host, started_at: '2025-01-01T00:00:00.000Z', command: 'sync' }) + '\n';
}

/** A pid that was just used by a process that has ended. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((r) => child.on('exit', r));
  return child.pid!;
}

describe.concurrent('run lock end to end', () => {
  test('a lock held by a live process is refused with a message naming it; nothing is sent', async ({ onTestFinished }) => {
    const w = await syncWorld(onTestFinished);
    await w.project.write('.masko/run.lock', holder(process.pid));
    const r = await w.cli();
    expect(r.code, out(r)).toBe(1);
    expect(r.stderr).toContain(`pid ${process.pid} on ${os.hostname()}`);
    expect(w.emu.emu.stats().requests).toEqual({});
    expect(await w.project.lockBytes()).toBeUndefined();
    // Still the other holder's lock.
    expect((await w.project.read('.masko/run.lock')).toString()).toBe(holder(process.pid));

    // A holder on another machine cannot be checked, so it is respected too.
    await w.project.write('.masko/run.lock', holder(1, 'build-agent-7'));
    const other = await w.cli(['--frozen']);
    expect(other.code, out(other)).toBe(1);
    expect(other.stderr).toContain('build-agent-7');
  });

  test('a second sync started during a running one is refused; the first finishes', async ({ onTestFinished }) => {
    const w = await syncWorld(onTestFinished, { emulator: { latencyMs: { image: 1500, edit: 50, animation: 50, transition: 50, logo: 50 } } });
    const first = w.spawn();
    await first.waitForStderr(/submitted /);
    // Held still (SIGSTOP) while the second runs, so it holds the lock however long a loaded machine
    // takes to start the second: racing its 1.5 s images, a second CLI slower than that to start
    // found the run over and synced (exit 0).
    first.child.kill('SIGSTOP');
    let second;
    try {
      second = await w.cli();
    } finally {
      first.child.kill('SIGCONT');
    }
    expect(second.code, out(second)).toBe(1);
    expect(second.stderr).toContain(`pid ${first.child.pid}`);
    const done = await first.result;
    expect(done.code, out(done)).toBe(0);
    expect(Object.values(statuses(await w.project.lock()))).toEqual(STANDARD_IDS.map(() => 'completed'));
    expect(await w.emu.jobs()).toHaveLength(STANDARD_IDS.length);
  });

  test('a stale lock of a dead process, or an unreadable one, is taken over', async ({ onTestFinished }) => {
    const w = await syncWorld(onTestFinished);
    const pid = await deadPid();
    await w.project.write('.masko/run.lock', holder(pid));
    const r = await w.cli();
    expect(r.code, out(r)).toBe(0);
    expect(r.stderr).toContain(`stale run lock of pid ${pid}`);
    expect(w.project.exists('.masko/run.lock')).toBe(false);

    await w.project.write('.masko/run.lock', '{"pid": 12');
    const again = await w.cli();
    expect(again.code, out(again)).toBe(0);
    expect(w.project.exists('.masko/run.lock')).toBe(false);
  });
});
