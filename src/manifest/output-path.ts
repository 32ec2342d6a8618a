/** Output paths: relative, forward slashes, inside the project folder; normalised without "./" or a trailing slash. */
import type { DiagnosticCode } from '../model/diagnostic.js';

/** Longest file or folder name most file systems accept, in bytes (UTF-8). */
const MAX_NAME_BYTES = 255;
/** Folders masko-sync never writes into (the lock refuses paths there too). */
const RESERVED = new Set(['.git', '.masko', 'node_modules']);

/** The verdict on one output path. */
export type OutputPathCheck =
  | { ok: true; normalised: string }
  | { ok: false; code: DiagnosticCode; message: string; hint?: string };

/** Checks and normalises a path written in the manifest ("./assets//mascot/" → "assets/mascot"; "" → "."). */
export function checkOutputPath(path: string): OutputPathCheck {
  if (/^[A-Za-z]:/.test(path)) {
    return { ok: false, code: 'OUTPUT_PATH_ABSOLUTE', message: `"${path}" starts with a drive letter`, hint: 'Use a path relative to the folder of masko.yaml, e.g. "assets/mascot".' };
  }
  if (path.startsWith('/') || path.startsWith('\\')) {
    return { ok: false, code: 'OUTPUT_PATH_ABSOLUTE', message: `"${path}" is absolute`, hint: 'Use a path relative to the folder of masko.yaml, e.g. "assets/mascot".' };
  }
  if (path === '~' || path.startsWith('~/')) {
    // A shell would expand "~" to the home folder; we would not, so the intent is outside the project.
    return { ok: false, code: 'OUTPUT_PATH_ABSOLUTE', message: `"${path}" points at the home folder`, hint: 'Use a path relative to the folder of masko.yaml.' };
  }
  if (path.includes('\\')) {
    return { ok: false, code: 'SCHEMA_VALUE', message: `"${path}" uses backslashes`, hint: `Use forward slashes: "${path.replace(/\\/g, '/')}".` };
  }
  if (path.includes('\0')) {
    return { ok: false, code: 'OUTPUT_PATH_INVALID', message: `"${path.replace(/\0/g, '\\0')}" contains a NUL character, which no file system allows in a name`, hint: 'Remove the "\\0" from the path.' };
  }
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (new TextEncoder().encode(segment).length > MAX_NAME_BYTES) {
      return { ok: false, code: 'OUTPUT_PATH_INVALID', message: `the folder name "${segment.slice(0, 40)}…" is longer than ${MAX_NAME_BYTES} bytes, which file systems refuse`, hint: 'Use a shorter folder name.' };
    }
    if (RESERVED.has(segment)) {
      return { ok: false, code: 'OUTPUT_PATH_INVALID', message: `"${path}" lies inside ${segment}/, where masko-sync never writes`, hint: 'Pick an output folder outside .git, .masko and node_modules.' };
    }
    if (segment === '..') {
      if (segments.length === 0) {
        return { ok: false, code: 'OUTPUT_PATH_ESCAPES', message: `"${path}" leaves the project folder`, hint: 'Output paths must stay inside the folder of masko.yaml.' };
      }
      segments.pop();
      continue;
    }
    segments.push(segment);
  }
  return { ok: true, normalised: segments.length === 0 ? '.' : segments.join('/') };
}
