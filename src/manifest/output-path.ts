/** Output paths: relative, forward slashes, inside the project folder; normalised without "./" or a trailing slash. */
import type { DiagnosticCode } from '../model/diagnostic.js';

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
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
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
