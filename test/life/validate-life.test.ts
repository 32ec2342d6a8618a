/** validate on broken collection-life fields: `moved:` chains and cycles, non-http URLs, an empty references list; each with its fix. */
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

describe('validate: URLs and references', () => {
  const load = (collection: string, asset = 'c: { type: image, image_prompt: y }') => loadManifest(`version: 1\ncollection:\n${collection}\nassets:\n  ${asset}\n`).diagnostics;

  test('a URL that is not http(s) says what to write, not the schema pattern', () => {
    const [d] = load('  name: Fox\n  description: a fox', 'c: { type: animation, source: { url: "ftp://example.com/a.png" }, animation_prompt: waving }');
    expect(d).toMatchObject({ code: 'SCHEMA_VALUE' });
    expect(d!.message).toBe('asset "c" field "source.url" must be an http:// or https:// URL, found "ftp://example.com/a.png"');
    expect(d!.hint).toContain('{ url: "https://example.com/mascot.png" }');
    const [r] = load('  name: Fox\n  references: [{ url: "example.com/a.png" }]');
    expect(r!.message).toMatch(/must be an http:\/\/ or https:\/\/ URL, found "example\.com\/a\.png"$/);
  });

  test('an empty references list says how to have none', () => {
    const [d] = load('  name: Fox\n  description: a fox\n  references: []');
    expect(d).toMatchObject({ code: 'SCHEMA_VALUE', message: '"collection.references" is empty' });
    expect(d!.hint).toMatch(/remove `references`/);
  });
});
