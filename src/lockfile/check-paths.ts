/**
 * The lock is untrusted input (anyone can edit it in a pull request): every file path it records
 * must be one masko-sync itself could have written, i.e. a normalised project-relative path named
 * after the entry's asset id and key (README "Files are named after the asset id and the asset key").
 * Pure: no disk.
 */
import { fileNameFor } from '../manifest/file-names.js';
import type { Lockfile } from '../model/lock.js';
import { filePointer } from './locate-error.js';

/** Folders masko-sync never writes into, wherever they appear in a path. */
export const FORBIDDEN_SEGMENTS: ReadonlySet<string> = new Set(['.git', '.masko', 'node_modules']);

/** A file-system limit on one path component (bytes, as most file systems count it). */
export const MAX_COMPONENT_BYTES = 255;

/** A path the lock may not hold: where (JSON pointer) and why. */
export interface LockPathProblem {
  pointer: string;
  message: string;
  hint: string;
}

/** Why `path` cannot be the `key` file of asset `id`, or undefined when it can. */
export function lockedPathProblem(id: string, key: string, path: string): string | undefined {
  return unsafePathReason(path) ?? nameProblem(id, key, path, path.slice(path.lastIndexOf('/') + 1));
}

/** Why `name` is not the file masko-sync names for the `key` of `id`, or undefined. */
function nameProblem(id: string, key: string, path: string, name: string): string | undefined {
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1) : '';
  const expected = fileNameFor(id, key, /^[a-z0-9]{1,5}$/.test(ext) ? ext : '<ext>');
  return name === expected ? undefined : `"${path}" is not a file masko-sync writes for the ${key} of "${id}" (that file is named ${expected})`;
}

/** Why a project-relative path is not safe to write (absolute, climbing, odd bytes, inside .git…), or undefined. */
export function unsafePathReason(path: string): string | undefined {
  if (path === '') return 'the path is empty';
  if (path.includes('\0')) return `"${printable(path)}" contains a NUL byte`;
  if (path.includes('\\')) return `"${path}" uses backslashes`;
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return `"${path}" is absolute`;
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.' || segment === '..') return `"${path}" is not a plain relative path (empty, "." or ".." segment)`;
    if (FORBIDDEN_SEGMENTS.has(segment)) return `"${path}" lies inside ${segment}/, where masko-sync never writes`;
    // A UTF-16 unit is at most 3 bytes of UTF-8: only long names need counting.
    if (segment.length * 3 > MAX_COMPONENT_BYTES && Buffer.byteLength(segment, 'utf8') > MAX_COMPONENT_BYTES) return `"${path.slice(0, 60)}…" has a name longer than ${MAX_COMPONENT_BYTES} bytes`;
  }
  return undefined;
}

/** Every locked file path that masko-sync could not have written, in key order. */
export function lockPathProblems(lock: Lockfile): LockPathProblem[] {
  const out: LockPathProblem[] = [];
  // A lock of thousands of files has a handful of folders: each folder is checked once.
  const folders = new Map<string, string | undefined>();
  const check = (id: string, key: string, path: string, section: 'files' | 'derived') => {
    const slash = path.lastIndexOf('/');
    const dir = slash < 0 ? '' : path.slice(0, slash);
    const name = path.slice(slash + 1);
    if (dir !== '' && !folders.has(dir)) folders.set(dir, unsafePathReason(dir));
    const dirWhy = dir === '' ? undefined : folders.get(dir);
    const why = dirWhy !== undefined ? dirWhy.replace(JSON.stringify(dir), JSON.stringify(path)) : (unsafePathReason(name === '' || dir === '' ? path : name) ?? nameProblem(id, key, path, name));
    if (!why) return;
    out.push({
      // The pointer is built only for a problem: `plan` checks thousands of paths that have none.
      pointer: filePointer(id, key, 'path', section),
      message: `assets.${id}.${section}.${key}.path: ${why}`,
      hint: 'masko-sync only reads, writes, moves and deletes files it named itself; put the path back as the tool wrote it, or take masko.lock back from git (`git checkout -- masko.lock`)',
    });
  };
  for (const id of Object.keys(lock.assets)) {
    const entry = lock.assets[id]!;
    for (const key of Object.keys(entry.files)) check(id, key, entry.files[key]!.path, 'files');
    if (entry.derived) for (const key of Object.keys(entry.derived)) check(id, key, entry.derived[key]!.path, 'derived');
  }
  return out;
}

function printable(s: string): string {
  return [...s].map((c) => (c.charCodeAt(0) < 0x20 ? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}` : c)).join('');
}
