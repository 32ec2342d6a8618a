/** Keeps every file the tool writes inside the project folder, symlinks included. */
import { mkdir, realpath } from 'node:fs/promises';
import path from 'node:path';

/** Thrown when a path would leave the project folder. */
export class UnsafePathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafePathError';
  }
}

/**
 * Resolves a project-relative POSIX path to an absolute one, creating its folder, and refuses
 * paths that are absolute, climb out with `..`, or reach outside through a symlinked folder.
 */
export async function resolveInside(projectDir: string, relPath: string): Promise<string> {
  if (relPath.includes('\\') || path.posix.isAbsolute(relPath) || path.win32.isAbsolute(relPath)) {
    throw new UnsafePathError(`refusing to write "${relPath}": paths must be relative to the project folder`);
  }
  const normal = path.posix.normalize(relPath);
  if (normal === '..' || normal.startsWith('../') || normal === '.' || normal === '') {
    throw new UnsafePathError(`refusing to write "${relPath}": it leaves the project folder`);
  }
  const root = await realpath(projectDir);
  const abs = path.join(root, ...normal.split('/'));
  const dir = path.dirname(abs);
  await mkdir(dir, { recursive: true });
  const realDir = await realpath(dir);
  if (realDir !== root && !realDir.startsWith(root + path.sep)) {
    throw new UnsafePathError(
      `refusing to write "${relPath}": its folder resolves to ${path.relative(root, realDir)} outside the project (a symlink?)`,
    );
  }
  return path.join(realDir, path.basename(abs));
}
