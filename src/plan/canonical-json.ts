/**
 * RFC 8785 canonical JSON (keys sorted by UTF-16 code units, ECMAScript number form), the text a
 * fingerprint hashes. Written here rather than taken from the `canonicalize` package because `plan`
 * serialises every asset's inputs on every run: the package checks each string for lone surrogates
 * one character at a time in JavaScript and builds a Set per call, which cost ~12 ms of a 1,000-asset
 * plan. This gives the same text and the same refusals (test/plan/canonical-json.test.ts compares
 * the two on generated values), with native `isWellFormed` and `JSON.stringify` doing the work.
 */

/** The canonical JSON of `value`; `undefined` for a value JSON cannot hold (undefined, a symbol, a function). */
export function canonicalize(value: unknown): string | undefined {
  return write(value, []);
}

function write(value: unknown, path: object[]): string | undefined {
  switch (typeof value) {
    case 'string':
      if (!value.isWellFormed()) throw new Error('Lone surrogate is not allowed');
      return JSON.stringify(value);
    case 'number':
      if (Number.isNaN(value)) throw new Error('NaN is not allowed');
      if (!Number.isFinite(value)) throw new Error('Infinity is not allowed');
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      return value === null ? 'null' : writeObject(value, path);
    case 'bigint':
      // What JSON.stringify (and so the package) does with one.
      throw new TypeError('Do not know how to serialize a BigInt');
    default:
      return undefined;
  }
}

function writeObject(value: object, path: object[]): string | undefined {
  if (path.includes(value)) throw new Error('Circular reference detected');
  path.push(value);
  let out: string | undefined;
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') out = write(toJSON.call(value), path);
  else if (Array.isArray(value)) {
    // As the package: holes and unserialisable items join as nothing, undefined and symbols as null.
    out = '[' + value.map((item: unknown) => write(item === undefined || typeof item === 'symbol' ? null : item, path)).join(',') + ']';
  } else {
    const record = value as Record<string, unknown>;
    let text = '{';
    let first = true;
    for (const key of Object.keys(record).sort()) {
      const item = record[key];
      if (item === undefined || typeof item === 'symbol') continue;
      text += (first ? '' : ',') + write(key, path)! + ':' + String(write(item, path));
      first = false;
    }
    out = text + '}';
  }
  path.pop();
  return out;
}
