/** One run at a time per project: `.masko/run.lock` holds the pid, host and start time of the holder. */
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { link, open, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readRegular } from '../lockfile/read-regular.js';
import { stateDir, UnsafePathError } from '../outputs/safe-path.js';
import { OperationError } from './errors.js';
import { ExitCode } from './exit-codes.js';

interface Holder {
  pid: number;
  host: string;
  started_at: string;
  command: string;
  /** Tells apart two locks of one process started in the same millisecond. */
  nonce?: string;
}

/** A held run lock; release it when the run ends. */
export interface RunLock {
  release(): Promise<void>;
  /** Set when a stale lock of a dead process was taken over. */
  tookOverFrom?: Holder;
}

/** Takes `.masko/run.lock`, taking over a lock whose process is gone; refuses while a live holder runs. */
export async function acquireRunLock(projectDir: string, command: string): Promise<RunLock> {
  let dir: string;
  try {
    dir = (await stateDir(projectDir, { create: true }))!;
  } catch (err) {
    if (err instanceof UnsafePathError) throw new OperationError(err.message, ExitCode.failure, { cause: err });
    throw unwritable(err, 'the folder of masko.yaml', 'create .masko/ there for its run lock') ?? err;
  }
  const file = path.join(dir, 'run.lock');
  const me: Holder = { pid: process.pid, host: os.hostname(), started_at: new Date().toISOString(), command, nonce: randomUUID() };
  let tookOverFrom: Holder | undefined;
  for (let tries = 0; tries < 40; tries++) {
    const created = await createWithContent(file, JSON.stringify(me) + '\n').catch((err: unknown) => {
      throw unwritable(err, '.masko/', 'write its run lock (.masko/run.lock) there') ?? err;
    });
    if (created) {
      // A second Ctrl-C leaves at once, with no time for an async release: the lock goes with the
      // process, synchronously, so the next run needs no stale-lock takeover.
      const onExit = () => {
        try {
          if ((JSON.parse(readFileSync(file, 'utf8')) as Partial<Holder>).nonce === me.nonce) rmSync(file, { force: true });
        } catch {
          // Gone already, or not ours to remove.
        }
      };
      process.on('exit', onExit);
      return {
        tookOverFrom,
        async release() {
          try {
            const current = await readHolder(file);
            if (current?.nonce === me.nonce) await rm(file, { force: true });
          } finally {
            // Only now: when it came off first, a second Ctrl-C during the release left the lock behind.
            process.off('exit', onExit);
          }
        },
      };
    }
    const holder = await readHolder(file);
    if (holder && !(holder.host === me.host && !alive(holder.pid))) {
      throw new OperationError(
        `another masko-sync run holds the project lock: pid ${holder.pid} on ${holder.host} (${holder.command}), started ${holder.started_at}. ` +
          `Wait for it to finish. If that process is gone (for example on another machine), delete .masko/run.lock.`,
        ExitCode.failure,
      );
    }
    // Stale (its process is gone) or unreadable: take it over, one run at a time.
    if (await takeOver(file, holder)) tookOverFrom = holder;
  }
  throw new OperationError('could not take .masko/run.lock; delete it if no other run is going on', ExitCode.failure);
}

/**
 * A folder this user cannot write (a read-only checkout, another owner's folder), said as such: Node's
 * own message names a temporary file (`run.lock.<pid>.<uuid>`) and gives no fix.
 */
function unwritable(err: unknown, folder: string, need: string): OperationError | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code !== 'EACCES' && code !== 'EPERM' && code !== 'EROFS') return undefined;
  const why = code === 'EROFS' ? 'read-only file system' : 'permission denied';
  return new OperationError(
    `cannot write into ${folder} (${why}, ${code}): masko-sync needs to ${need}; nothing was done and nothing was spent. ` +
      'Make the folder writable by this user, or run from a writable copy (`plan` and `validate` only read).',
    ExitCode.failure,
    { cause: err },
  );
}

/** Creates the lock with its content in one step (a reader never sees it empty); false if it exists. */
async function createWithContent(file: string, text: string): Promise<boolean> {
  const tmp = `${file}.${process.pid}.${randomUUID()}`;
  await writeFile(tmp, text, { flag: 'wx' });
  try {
    await link(tmp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return false;
  } finally {
    await rm(tmp, { force: true });
  }
}

/**
 * Removes a stale lock under a short-lived guard file, and only if it is still the lock judged
 * stale: of several runs racing to take over, one removes it and the first to create wins.
 */
async function takeOver(file: string, seen: Holder | undefined): Promise<boolean> {
  const guard = `${file}.takeover`;
  const age = await stat(guard).then((s) => Date.now() - s.mtimeMs, () => undefined);
  if (age !== undefined && age > 10_000) await rm(guard, { force: true }); // left by a crash
  const handle = await open(guard, 'wx').catch(() => undefined);
  if (!handle) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    return false;
  }
  try {
    const now = await readHolder(file);
    const same = seen === undefined ? now === undefined : now !== undefined && now.nonce === seen.nonce && now.pid === seen.pid && now.started_at === seen.started_at;
    if (same) await rm(file, { force: true });
    return same;
  } finally {
    await handle.close();
    await rm(guard, { force: true });
  }
}

async function readHolder(file: string): Promise<Holder | undefined> {
  try {
    // Never through a symlink: a planted one is unreadable here, so it is taken over (removed).
    const h = JSON.parse(await readRegular(file, 'utf8')) as Holder;
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
