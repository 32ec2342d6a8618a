import { describe, expect, it } from 'vitest';
import { buildGraph, findCycles } from '../../src/graph/index.js';
import { loadManifest } from '../../src/manifest/index.js';
import type { Asset, Manifest } from '../../src/model/manifest.js';

function manifest(text: string): Manifest {
  const r = loadManifest(`version: 1\ncollection: col_1\nassets:\n${text}`);
  expect(r.diagnostics).toEqual([]);
  return r.manifest!;
}

describe('buildGraph', () => {
  it('orders assets into topological waves, ids sorted within a wave', () => {
    const g = buildGraph(
      manifest(`  wave: { type: image, image_prompt: a }
  idle: { type: image, image_prompt: b }
  logo: { type: logo, logo_description: d, logo_style_name: n, logo_style_instruction: i }
  santa: { type: edit, source: wave, edit_instructions: hat }
  santa-night: { type: edit, source: santa, edit_instructions: night }
  to-santa: { type: animation, source: idle, end: santa-night, animation_prompt: go, reverse: from-santa }
  ext: { type: edit, source: { asset_id: ast_1 }, edit_instructions: x }
`),
    );
    expect(g.waves).toEqual([['ext', 'idle', 'logo', 'wave'], ['santa'], ['santa-night'], ['to-santa'], ['from-santa']]);
    expect(g.dependsOn['to-santa']).toEqual(['idle', 'santa-night']);
    expect(g.dependsOn['from-santa']).toEqual(['to-santa']);
    expect(g.dependsOn.ext).toEqual([]);
    expect(g.dependants.wave).toEqual(['santa']);
    expect(g.dependants.idle).toEqual(['to-santa']);
    expect(g.dependants['from-santa']).toEqual([]);
  });

  it('deduplicates a transition whose source and end are the same asset', () => {
    const g = buildGraph(manifest(`  a: { type: image, image_prompt: a }\n  t: { type: animation, source: a, end: a, animation_prompt: pulse }\n`));
    expect(g.dependsOn.t).toEqual(['a']);
    expect(g.dependants.a).toEqual(['t']);
    expect(g.waves).toEqual([['a'], ['t']]);
  });

  it('sorts by code point, not locale', () => {
    const g = buildGraph(manifest(`  b: { type: image, image_prompt: a }\n  a-2: { type: image, image_prompt: a }\n  a_1: { type: image, image_prompt: a }\n  a1: { type: image, image_prompt: a }\n`));
    expect(g.waves).toEqual([['a-2', 'a1', 'a_1', 'b']]);
  });

  it('handles a long chain without recursion limits', () => {
    const lines = ['  e0: { type: image, image_prompt: a }'];
    for (let i = 1; i < 3000; i++) lines.push(`  e${i}: { type: edit, source: e${i - 1}, edit_instructions: x }`);
    const g = buildGraph(manifest(lines.join('\n') + '\n'));
    expect(g.waves).toHaveLength(3000);
    expect(g.waves[2999]).toEqual(['e2999']);
  });

  it('throws on a cycle or a dangling reference in a hand-built manifest (a caller bug)', () => {
    const base = { name: 'x', outputDir: 'o' };
    const edit = (id: string, source: string): Asset => ({ ...base, id, kind: 'edit', source: { kind: 'local', id: source }, edit_instructions: 'x' });
    const m = (assets: Asset[]): Manifest => ({ version: 1, collection: { kind: 'id', id: 'c' }, output: { dir: 'o', gallery: false }, assets: Object.fromEntries(assets.map((a) => [a.id, a])) });
    expect(() => buildGraph(m([edit('a', 'b'), edit('b', 'a')]))).toThrow(/cycle/);
    expect(() => buildGraph(m([edit('a', 'zzz')]))).toThrow(/unknown asset "zzz"/);
  });
});

describe('findCycles', () => {
  it('names each cycle once, starting at its first member in manifest order', () => {
    const deps = { a: ['b'], b: ['c'], c: ['a'], d: ['d'], e: ['a'], f: [] as string[], g: ['h'], h: ['g', 'x'] };
    expect(findCycles(deps, ['e', 'c', 'b', 'a', 'd', 'f', 'h', 'g'])).toEqual([['c', 'a', 'b'], ['d'], ['h', 'g']]);
  });

  it('returns nothing for a DAG', () => {
    expect(findCycles({ a: [], b: ['a'], c: ['a', 'b'] }, ['a', 'b', 'c'])).toEqual([]);
  });
});
