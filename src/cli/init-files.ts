/** What `init` adds around the manifest: a schema modeline that resolves from its folder, and `.masko/` in .gitignore. */
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

const SCHEMA_IN_PACKAGE = 'schema/masko.schema.json';

/**
 * Where the package (its schema and docs) is, as the manifest in `dir` should refer to it: the
 * nearest node_modules/masko-sync from `dir` upwards (as Node resolves it, so a workspace's hoisted
 * copy is found), relative to `dir`; else this version on the jsDelivr CDN.
 */
export async function packageReference(dir: string, version: string): Promise<string> {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    const pkg = path.join(at, 'node_modules', 'masko-sync');
    if (await isFile(path.join(pkg, SCHEMA_IN_PACKAGE))) {
      const rel = path.relative(dir, pkg).split(path.sep).join('/');
      return rel.startsWith('.') ? rel : `./${rel}`;
    }
    if (path.dirname(at) === at) return `https://cdn.jsdelivr.net/npm/masko-sync@${version}`;
  }
}

/** The schema reference for the modeline, under a package reference. */
export function schemaReference(pkg: string): string {
  return `${pkg}/${SCHEMA_IN_PACKAGE}`;
}

const ANY_DEPTH = new Set(['.masko', '.masko/', '**/.masko', '**/.masko/']);
const HERE = new Set(['/.masko', '/.masko/']);

/**
 * Makes sure git ignores `dir/.masko/`: nothing when a .gitignore of `dir` or of a folder above it (up
 * to the repository root) already does; otherwise `.masko/` is appended to `dir/.gitignore` (created
 * if needed). Returns whether the file was written.
 */
export async function ensureGitignored(dir: string): Promise<boolean> {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    const lines = await gitignoreLines(path.join(at, '.gitignore'));
    if (lines.some((l) => ANY_DEPTH.has(l) || (at === path.resolve(dir) && HERE.has(l)))) return false;
    if ((await exists(path.join(at, '.git'))) || path.dirname(at) === at) break;
  }
  const file = path.join(dir, '.gitignore');
  const current = await readFile(file, 'utf8').catch(() => '');
  const separator = current === '' || current.endsWith('\n') ? '' : '\n';
  await writeFile(file, `${current}${separator}# masko-sync's local state (run lock, caches, emulator data)\n.masko/\n`);
  return true;
}

async function gitignoreLines(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split(/\r?\n/).map((l) => l.trim());
}

async function isFile(p: string): Promise<boolean> {
  return stat(p).then((s) => s.isFile(), () => false);
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(() => true, () => false);
}
