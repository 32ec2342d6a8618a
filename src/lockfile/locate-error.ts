/** A LockfileError at the position of a JSON pointer in the lock's text (for checks made after parsing). */
import { LockfileError } from './errors.js';
import { lineColumn, scanJson } from './json-locate.js';

/** The error for the value at `pointer` (e.g. `/assets/idle/files/image/url`); unpositioned when the pointer is not found. */
export function lockErrorAt(text: string, file: string, pointer: string, problem: string, hint: string): LockfileError {
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const scan = scanJson(src);
  const offset = scan.ok ? scan.offsets.get(pointer) : undefined;
  return new LockfileError({ file, problem, hint, ...(offset !== undefined ? lineColumn(src, offset) : {}) });
}

/** The JSON pointer of a locked file's field. */
export function filePointer(id: string, key: string, field: 'url' | 'path', section: 'files' | 'derived' = 'files'): string {
  const part = (s: string) => s.replaceAll('~', '~0').replaceAll('/', '~1');
  return `/assets/${part(id)}/${section}/${part(key)}/${field}`;
}
