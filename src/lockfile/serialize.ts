/** Byte-deterministic lock text (pure). */
import type { Lockfile } from '../model/lock.js';

/** Compares strings by Unicode code point (not UTF-16 unit, not locale): the same order on every machine. */
export function compareCodePoints(a: string, b: string): number {
  // UTF-16 order is code-point order except around surrogate pairs: only those need the slow path.
  if (!SURROGATE.test(a) && !SURROGATE.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * JSON with object keys sorted by code point at every level and 2-space indent. Written by hand
 * because JSON.stringify puts integer-like keys (an asset id such as "10") first, whatever the order.
 */
export function stableJson(value: unknown, indent = ''): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => inner + stableJson(v, inner)).join(',\n')}\n${indent}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort(compareCodePoints);
  if (keys.length === 0) return '{}';
  return `{\n${keys.map((k) => `${inner}${JSON.stringify(k)}: ${stableJson(record[k], inner)}`).join(',\n')}\n${indent}}`;
}

/** The lock as JSON: keys sorted by code point at every level, 2-space indent, LF, final newline. */
export function serializeLock(lock: Lockfile): string {
  return stableJson(lock) + '\n';
}
