/** Strict request-body checks: every problem becomes a 400 that names the field. */
import { ApiError, badField } from './errors.js';

export type Obj = Record<string, unknown>;

const MAX_BODY_BYTES = 1_000_000;
const MAX_TEXT = 4000;

/** Parses a JSON object body; 400 for empty, malformed or non-object bodies. */
export function parseJsonObject(text: string): Obj {
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new ApiError(400, 'bad_request', 'request body is larger than 1 MB');
  if (text.trim() === '') throw new ApiError(400, 'bad_request', 'request body must be a JSON object, got an empty body');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ApiError(400, 'bad_request', `request body is not valid JSON (${(err as Error).message})`);
  }
  if (!isObj(value)) throw new ApiError(400, 'bad_request', 'request body must be a JSON object');
  return value;
}

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** 400 for any field not in `allowed` (first one in the body's order). */
export function rejectExtra(o: Obj, allowed: readonly string[], prefix = ''): void {
  rejectExtraWith(o, allowed, () => 'unknown field for this request', prefix);
}

/** As `rejectExtra`, with the problem said per field. */
export function rejectExtraWith(o: Obj, allowed: readonly string[], problem: (field: string) => string, prefix = ''): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) throw badField(prefix + k, problem(k));
  }
}

/** A required non-empty string (trimmed length ≥ 1, at most 4,000 characters). */
export function reqString(o: Obj, field: string, prefix = ''): string {
  const v = o[field];
  if (v === undefined || v === null) throw badField(prefix + field, 'is required');
  return checkString(v, prefix + field);
}

/** An optional non-empty string. */
export function optString(o: Obj, field: string, prefix = ''): string | undefined {
  const v = o[field];
  return v === undefined ? undefined : checkString(v, prefix + field);
}

function checkString(v: unknown, name: string): string {
  if (typeof v !== 'string') throw badField(name, `must be a string, got ${typeName(v)}`);
  if (v.trim() === '') throw badField(name, 'must not be empty');
  if (v.length > MAX_TEXT) throw badField(name, `must be at most ${MAX_TEXT} characters`);
  return v;
}

/** An optional boolean. */
export function optBool(o: Obj, field: string, prefix = ''): boolean | undefined {
  const v = o[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') throw badField(prefix + field, `must be a boolean, got ${typeName(v)}`);
  return v;
}

/** An optional whole number within [min, max]. */
export function optInt(o: Obj, field: string, min: number, max: number, prefix = ''): number | undefined {
  const v = o[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw badField(prefix + field, `must be a whole number ${min}–${max}, got ${JSON.stringify(v)}`);
  if (v < min || v > max) throw badField(prefix + field, `must be a whole number ${min}–${max}, got ${v}`);
  return v;
}

/** A query parameter as a whole number within [min, max], or the default. */
export function queryInt(value: string | undefined, field: string, def: number, min: number, max: number): number {
  if (value === undefined) return def;
  if (!/^\d+$/.test(value)) throw badField(field, `must be a whole number ${min}–${max}, got ${JSON.stringify(value)}`);
  const n = Number(value);
  if (n < min || n > max) throw badField(field, `must be a whole number ${min}–${max}, got ${n}`);
  return n;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v;
}
