/** One run at a time per project: `.masko/run.lock` holds the pid, host and start time of the holder. */
import { link, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CliError } from './context.js';
import { ExitCode } from './exit-codes.js';

interface Holder {
  pid: number;
  host: string;
  started_at: string;
  command: string;
}

/** A held run lock; release it when the run ends. */
export interface RunLock {
  release(): Promise<void>;
  /** Set when a stale lock of a dead process was taken over. */
  tookOverFrom?: Holder;
}

/** Takes `.masko/run.lock`, taking over a lock whose process is gone; refuses while a live holder runs. */
export async function acquireRunLock(projectDir: string, command: string): Promise<RunLock> {
  const dir = path.join(projectDir, '.masko');
  const file = path.join(dir, 'run.lock');
  await mkdir(dir, { recursive: true });
  const me: Holder = { pid: process.pid, host: os.hostname(), started_at: new Date().toISOString(), command };
  let tookOverFrom: Holder | undefined;
  for (let tries = 0; tries < 3; tries++) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(JSON.stringify(me) + '\n');
      await handle.close();
      return {
        tookOverFrom,
        async release() {
          const current = await readHolder(file);
          if (current?.pid === me.pid && current.host === me.host) await rm(file, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = await readHolder(file);
    if (!holder || (holder.host === me.host && !alive(holder.pid))) {
      // Stale (its process is gone) or unreadable (a crash while writing it): take it over, but only
      // the very lock we judged stale — another run may have taken over a moment ago.
      if (await removeIfStill(file, holder)) tookOverFrom = holder;
      continue;
    }
    throw new CliError(
      `another masko-sync run holds the project lock: pid ${holder.pid} on ${holder.host} (${holder.command}), started ${holder.started_at}. ` +
        `Wait for it to finish. If that process is gone (for example on another machine), delete .masko/run.lock.`,
      ExitCode.failure,
    );
  }
  throw new CliError('could not take .masko/run.lock; delete it if no other run is going on', ExitCode.failure);
}

/** Moves the lock aside and removes it if it is still `seen`; a fresher lock moved by mistake is put back. */
async function removeIfStill(file: string, seen: Holder | undefined): Promise<boolean> {
  const aside = `${file}.${process.pid}.stale`;
  try {
    await rename(file, aside);
  } catch {
    return false; // already gone: someone else took it over
  }
  const moved = await readHolder(aside);
  const same = seen === undefined ? moved === undefined : moved?.pid === seen.pid && moved.host === seen.host && moved.started_at === seen.started_at;
  // link() never replaces a file: if the slot was taken meanwhile, the newer lock wins.
  if (!same) await link(aside, file).catch(() => undefined);
  await rm(aside, { force: true });
  return same;
}

async function readHolder(file: string): Promise<Holder | undefined> {
  try {
    const h = JSON.parse(await readFile(file, 'utf8')) as Holder;
    return typeof h.pid === 'number' && typeof h.host === 'string' ? h : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
