/**
 * Atomic text writes with a fixed temp name next to the target. A process killed mid-write leaves at
 * most that one temp file, which the next write of the same file takes over; a random temp name (as
 * write-file-atomic uses) would leave a new stray file, e.g. `masko.lock.2665909673`, after every crash.
 */
import { lstat, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { readRegular } from './read-regular.js';

/** Suffix of the temp file written next to the target before the rename. */
export const TEMP_SUFFIX = '.masko-tmp';

/**
 * Removes a file or symlink if there is one (never what a link points to). One unlink, where
 * `rm(path, { force: true })` takes two lstat calls and Node's rimraf code first: this runs before
 * every download and lock write. A folder in the way still fails, as with rm.
 */
export async function removeIfPresent(file: string): Promise<void> {
  try {
    await unlink(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/** The last write asked for of each path in this process (see writeFileAtomically). */
const queues = new Map<string, Promise<void>>();

/**
 * Writes `text` to `file` through `<file>.masko-tmp` + fsync + rename, keeping the old file's mode.
 * Writes of one path in this process go one after the other, in the order asked: they share the
 * temp name, and two at once took each other's temp file (one failed, or the text that landed was
 * not the one the caller that succeeded wrote).
 */
export function writeFileAtomically(file: string, text: string, options: WriteOptions = {}): Promise<void> {
  const key = path.resolve(file);
  const mine = (queues.get(key) ?? Promise.resolve()).then(() => writeNow(file, text, options.durable ?? true));
  const settled = mine.then(
    () => undefined,
    () => undefined,
  );
  queues.set(key, settled);
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return mine;
}

/** Options of writeFileAtomically. */
export interface WriteOptions {
  /**
   * false: no fsync before the rename, for a cache. A crash may then leave the file empty or cut
   * short, which no longer parses: its readers take that for a miss.
   */
  durable?: boolean;
}

async function writeNow(file: string, text: string, durable: boolean): Promise<void> {
  const tmp = file + TEMP_SUFFIX;
  // lstat: the mode of a planted symlink's target is none of our business; the link itself is replaced.
  const mode = await lstat(file).then((s) => (s.isFile() ? s.mode & 0o777 : 0o666), () => 0o666);
  const handle = await openExclusive(tmp, mode);
  try {
    await handle.writeFile(text, 'utf8');
    if (durable) await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(tmp, file);
  } catch (err) {
    await removeIfPresent(tmp).catch(() => undefined);
    throw err;
  }
}

/**
 * Opens `file` with 'wx', which never follows a planted symlink. A leftover from a killed run (or a
 * link) in the way is removed and the open tried once more; removing first would cost an unlink
 * and an ENOENT error on every write.
 */
async function openExclusive(file: string, mode: number) {
  try {
    return await open(file, 'wx', mode);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  await removeIfPresent(file);
  return open(file, 'wx', mode);
}

/** Writes `text` atomically unless the file already holds exactly it (a symlink is never read, only replaced); resolves whether it wrote. */
export async function writeIfChanged(file: string, text: string): Promise<boolean> {
  if ((await readRegular(file, 'utf8').catch(() => undefined)) === text) return false;
  await writeFileAtomically(file, text);
  return true;
}
