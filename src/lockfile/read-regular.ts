/** Reads a file only when it is a regular file: a symlink is never followed (it could lead anywhere). */
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/** O_NOFOLLOW where the platform has it (not on Windows, where symlinks need privileges). */
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;

/** Opens `file` for reading without following a symlink; ELOOP when it is one, ENOTREG-like EINVAL when not a file. */
export async function openRegular(file: string): Promise<FileHandle> {
  const handle = await open(file, constants.O_RDONLY | NOFOLLOW);
  const st = await handle.stat();
  if (!st.isFile()) {
    await handle.close();
    throw Object.assign(new Error(`${file} is not a regular file`), { code: st.isDirectory() ? 'EISDIR' : 'EINVAL' });
  }
  return handle;
}

/** The bytes of a regular file (see openRegular). */
export async function readRegular(file: string): Promise<Buffer>;
/** The text of a regular file (see openRegular). */
export async function readRegular(file: string, encoding: 'utf8'): Promise<string>;
export async function readRegular(file: string, encoding?: 'utf8'): Promise<Buffer | string> {
  const handle = await openRegular(file);
  try {
    return encoding ? await handle.readFile(encoding) : await handle.readFile();
  } finally {
    await handle.close();
  }
}
