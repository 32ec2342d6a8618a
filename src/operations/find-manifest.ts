/**
 * Finds the manifest as git finds `.git`: in the working folder, else in the nearest parent folder
 * that has one. The search stops at the repository root (the first folder holding `.git`, itself
 * searched) or at the filesystem root, so a project never picks up a manifest from outside its repository.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
/** The manifest's file name, looked for from the working folder up. */
export const DEFAULT_MANIFEST_FILE = 'masko.yaml';

/** The absolute path of the nearest `masko.yaml` from `cwd` upwards, or undefined. */
export async function findManifest(cwd: string, name = DEFAULT_MANIFEST_FILE): Promise<string | undefined> {
  let dir = path.resolve(cwd);
  for (;;) {
    const candidate = path.join(dir, name);
    if (await isFile(candidate)) return candidate;
    // `.git` is a folder in a clone and a file in a worktree or submodule: both mark the root.
    if (await exists(path.join(dir, '.git'))) return undefined;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The manifest path a command uses: `-f` as given (against cwd), else the nearest one, else ./masko.yaml (so "not found" names it). */
export async function manifestPathFor(cwd: string, file: string | undefined): Promise<string> {
  if (file !== undefined) return path.resolve(cwd, file);
  return (await findManifest(cwd)) ?? path.resolve(cwd, DEFAULT_MANIFEST_FILE);
}

/** How messages name a manifest: relative to the working folder, with forward slashes. */
export function displayPath(cwd: string, abs: string): string {
  return (path.relative(cwd, abs) || path.basename(abs)).split(path.sep).join('/');
}

async function isFile(p: string): Promise<boolean> {
  return stat(p).then((s) => s.isFile(), () => false);
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(() => true, () => false);
}
