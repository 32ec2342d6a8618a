/** Small helpers over JSON paths (arrays of keys) shared by the schema and semantic checks. */

/** Splits an ajv instancePath (JSON Pointer) into keys. */
export function fromPointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The value at `path` in plain data, or undefined. */
export function valueAt(data: unknown, path: readonly string[]): unknown {
  let cur: unknown = data;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** How a path reads in a message: `asset "wave" field "source"`, `output.dir`, `the manifest`. */
export function describePath(path: readonly string[]): string {
  if (path.length === 0) return 'the manifest';
  if (path[0] === 'assets' && path.length >= 2) {
    const rest = path.slice(2);
    return rest.length === 0 ? `asset "${path[1]}"` : `asset "${path[1]}" field "${rest.join('.')}"`;
  }
  return `"${path.join('.')}"`;
}

/** A short description of a value's JSON type, for "found …" in messages. */
export function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number';
  return `a ${typeof value}`;
}
