import fc from 'fast-check';
import packageCanonicalize from 'canonicalize';
import { describe, expect, it } from 'vitest';
import { canonicalize } from '../../src/plan/canonical-json.js';

/** What each of the two does with a value: its text, or the message it refuses with. */
function outcome(f: (v: unknown) => string | undefined, value: unknown): { text?: string | undefined; error?: string } {
  try {
    return { text: f(value) };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

const theirs = (v: unknown) => packageCanonicalize(v);

/** `[<hole>, 1]`. */
function sparse(): unknown[] {
  const a: unknown[] = [];
  a[1] = 1;
  return a;
}

describe('canonical JSON (the text fingerprints and idempotency keys hash)', () => {
  it('gives the canonicalize package’s text for any JSON value, full Unicode keys and strings included', () => {
    const value = fc.jsonValue({ maxDepth: 5, stringUnit: 'binary' });
    fc.assert(
      fc.property(value, (v) => {
        expect(outcome(canonicalize, v)).toEqual(outcome(theirs, v));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the same text and refusals for what JSON cannot hold: lone surrogates, NaN, infinities, undefined, symbols, toJSON, sparse arrays', () => {
    const odd = fc.anything({
      maxDepth: 3,
      withBoxedValues: false,
      withMap: false,
      withSet: false,
      withObjectString: false,
      withNullPrototype: true,
      withSparseArray: true,
      withDate: true,
      withTypedArray: false,
      withBigInt: false,
      stringUnit: 'binary',
    });
    fc.assert(
      fc.property(odd, (v) => {
        expect(outcome(canonicalize, v)).toEqual(outcome(theirs, v));
      }),
      { numRuns: 2000 },
    );
    const cases: unknown[] = ['a\uD800', { ['k\uDC00']: 1 }, [Number.NaN], { n: Infinity }, -0, [undefined, Symbol('s'), () => 1], { u: undefined, f: () => 1 }, new Date(0), sparse()];
    cases.forEach((v, i) => expect(outcome(canonicalize, v), `case ${i}`).toEqual(outcome(theirs, v)));
  });

  it('gives the same text for integer-like and __proto__ keys, edge numbers, line separators and the other objects fast-check makes', () => {
    // Object.keys lists integer-like keys first ("9" before "10"); both must still sort by code units.
    const key = fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom('__proto__', 'constructor', 'toJSON', '10', '9', '0', '-1', '01', '4294967294', '4294967295', '1e21'));
    const odd = fc.anything({ maxDepth: 4, key, withBoxedValues: true, withMap: true, withSet: true, withObjectString: true, withNullPrototype: true, withSparseArray: true, withDate: true, withTypedArray: true, withBigInt: true, stringUnit: 'binary' });
    fc.assert(
      fc.property(odd, (v) => {
        expect(outcome(canonicalize, v)).toEqual(outcome(theirs, v));
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.array(fc.double()), (v) => {
        expect(outcome(canonicalize, v)).toEqual(outcome(theirs, v));
      }),
      { numRuns: 1000 },
    );
    const cases: unknown[] = [
      JSON.parse('{"__proto__":{"a":1},"b":2}'),
      JSON.parse('{"10":1,"9":2,"a":3,"1":4,"-1":5,"01":6}'),
      [1e21, 1e-7, 5e-324, -0, 0.1 + 0.2, Number.MAX_VALUE, 2 ** 53, 123456789012345680000],
      { '\u2028': '\u2029', 'a\u0000': '\u007f\uFEFF' },
      Object.assign(Object.create({ inherited: 1 }) as object, { own: 2 }),
      { toJSON: () => undefined },
      [{ toJSON: () => undefined }],
      { a: { toJSON: () => Symbol('s') } },
      new Date(Number.NaN),
      10n,
      { a: 10n },
    ];
    cases.forEach((v, i) => expect(outcome(canonicalize, v), `case ${i}`).toEqual(outcome(theirs, v)));
    expect(canonicalize(JSON.parse('{"10":1,"9":2}'))).toBe('{"10":1,"9":2}');
  });

  it('sorts keys by UTF-16 code units and refuses a cycle', () => {
    expect(canonicalize({ b: 1, a: [true, null, 'x'], é: 2, '\uD83D\uDE00': 3, Z: 0 })).toBe('{"Z":0,"a":[true,null,"x"],"b":1,"é":2,"😀":3}');
    const loop: Record<string, unknown> = { a: 1 };
    loop.self = loop;
    expect(() => canonicalize(loop)).toThrow('Circular reference detected');
    // The same object twice, side by side, is not a cycle.
    const shared = { x: 1 };
    expect(canonicalize([shared, shared])).toBe('[{"x":1},{"x":1}]');
  });
});
