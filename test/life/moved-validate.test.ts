/** `moved:` mistakes a person makes when renaming twice: the diagnostic names the chain or the cycle, and the fix. */
import { describe, expect, test } from 'vitest';
import { loadManifest } from '../../src/manifest/index.js';

const manifest = (moved: string) => `version: 1\ncollection: col_1\nmoved: ${moved}\nassets:\n  c: { type: image, image_prompt: y }\n`;

/** MOVED_INVALID diagnostics as a person reads them: message and hint, and the column on line 3 (the `moved:` line). */
function movedDiagnostics(moved: string) {
  const text = manifest(moved);
  const line3 = text.indexOf('moved:');
  return loadManifest(text)
    .diagnostics.filter((d) => d.code === 'MOVED_INVALID')
    .map((d) => ({ message: `${d.message}. ${d.hint ?? ''}`, line: 3, column: d.start - line3 + 1 }));
}

describe('moved: chains and cycles', () => {
  test('a rename of a rename (a → b, b → c) names the chain and the line to write', () => {
    const [d, ...rest] = movedDiagnostics('{ a: b, b: c }');
    expect(rest).toEqual([]);
    expect(d!.message).toContain('"a" → "b" → "c"');
    expect(d!.message).toContain('Write "a: c" instead');
    expect(d!.message).not.toContain('not an asset');
    expect([d!.line, d!.column]).toEqual([3, 13]);
  });

  test('a cycle is called a cycle, at each of its entries', () => {
    const ds = movedDiagnostics('{ x: y, y: x }');
    expect(ds.map((d) => [d.line, d.column])).toEqual([[3, 13], [3, 19]]);
    for (const d of ds) expect(d.message).toMatch(/is a cycle/);
    expect(ds[0]!.message).toContain('"x" → "y" → "x"');
  });

  test('a chain whose end is no asset still says chains are not followed', () => {
    const [d] = movedDiagnostics('{ a: b, b: gone }');
    expect(d!.message).toContain('"a" → "b" → "gone"');
    expect(d!.message).toContain('Write "a: <final id>" instead');
  });
});
