/**
 * Keeps every file the tool reads or writes inside the project folder, symlinks included: each
 * folder of a path is checked where it really is BEFORE anything is created inside it, and a
 * symlinked folder is followed only when it resolves inside the project.
 */
import { lstat, mkdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

/** Thrown when a path would leave the project folder, or a folder on it is something else. */
export class UnsafePathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafePathError';
  }
}

/** The folder of local state, never followed when it is a symlink. */
export const STATE_DIR = '.masko';

/**
 * Resolves a project-relative POSIX path to an absolute one and refuses paths that are absolute,
 * climb out with `..`, or reach outside through a symlinked folder. With `create` (the default)
 * missing folders are made one level at a time, each after its parent was checked.
 */
export async function resolveInside(projectDir: string, relPath: string, opts: { create?: boolean } = {}): Promise<string> {
  const create = opts.create ?? true;
  if (relPath.includes('\\') || relPath.includes('\0') || path.posix.isAbsolute(relPath) || path.win32.isAbsolute(relPath)) {
    throw new UnsafePathError(`refusing to write "${relPath}": paths must be relative to the project folder`);
  }
  const normal = path.posix.normalize(relPath);
  if (normal === '..' || normal.startsWith('../') || normal === '.' || normal === '') {
    throw new UnsafePathError(`refusing to write "${relPath}": it leaves the project folder`);
  }
  const root = await realpath(projectDir);
  const segments = normal.split('/');
  const name = segments.pop()!;
  let current = root;
  for (const [i, segment] of segments.entries()) {
    const next = path.join(current, segment);
    const shown = segments.slice(0, i + 1).join('/');
    const st = await lstat(next).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    });
    if (!st) {
      if (!create) return path.join(next, ...segments.slice(i + 1), name);
      await mkdir(next).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'EEXIST') throw err;
      });
      // Created (or raced into existence): check it like any other folder.
      const again = await lstat(next);
      if (!again.isDirectory()) throw new UnsafePathError(`refusing to write "${relPath}": ${shown} is not a folder`);
      current = next;
      continue;
    }
    if (st.isSymbolicLink()) {
      if (segment === STATE_DIR) throw new UnsafePathError(`refusing to write "${relPath}": ${shown} is a symlink; masko-sync keeps its state only in a real ${STATE_DIR}/ folder`);
      const real = await realpath(next).catch(() => undefined);
      if (real === undefined) throw new UnsafePathError(`refusing to write "${relPath}": ${shown} is a symlink that leads nowhere`);
      if (!isInside(root, real)) {
        throw new UnsafePathError(`refusing to write "${relPath}": its folder ${shown} resolves to ${real} outside the project (a symlink?)`);
      }
      if (!(await stat(real)).isDirectory()) throw new UnsafePathError(`refusing to write "${relPath}": ${shown} is not a folder`);
      current = real;
      continue;
    }
    if (!st.isDirectory()) throw new UnsafePathError(`refusing to write "${relPath}": ${shown} is a file, not a folder`);
    current = next;
  }
  return path.join(current, name);
}

/** Whether `p` is `root` or lies under it (both real paths). */
export function isInside(root: string, p: string): boolean {
  return p === root || p.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

/**
 * The project's `.masko/` folder, created when missing. Refuses (UnsafePathError) when it is a
 * symlink or not a folder: run locks, caches and emulator state are never written through a link.
 */
export async function stateDir(projectDir: string, opts: { create: boolean }): Promise<string | undefined> {
  const dir = path.join(projectDir, STATE_DIR);
  const st = await lstat(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  if (!st) {
    if (!opts.create) return undefined;
    await mkdir(dir).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err;
    });
    return stateDir(projectDir, { create: false });
  }
  if (st.isSymbolicLink()) {
    const target = await realpath(dir).catch(() => 'nowhere');
    throw new UnsafePathError(`${STATE_DIR} is a symlink (to ${target}); masko-sync keeps its run lock and caches only in a real ${STATE_DIR}/ folder. Remove the link.`);
  }
  if (!st.isDirectory()) throw new UnsafePathError(`${STATE_DIR} is a file; masko-sync needs it to be its state folder. Move it away.`);
  return dir;
}
