import { describe, expect, it } from 'vitest';
import { addSecret, redact, REDACTED } from '../../src/cli/redact.js';

describe('redact', () => {
  it('replaces the key, its hex and its base64 forms; leaves other text and short values alone', () => {
    const key = 'masko_' + '0123abcd'.repeat(8);
    addSecret(key);
    addSecret('short');
    const text = `a ${key} b ${key.slice(6)} c ${Buffer.from(`Bearer ${key}`).toString('base64')} d short e`;
    const out = redact(text);
    expect(out).toBe(`a ${REDACTED} b ${REDACTED} c ${REDACTED} d short e`);
    expect(redact('nothing secret here')).toBe('nothing secret here');
  });
});
