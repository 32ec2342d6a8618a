// Property-based: mutate valid manifests thousands of times; loading never throws, always returns a
// manifest or at least one error, spans stay inside the text, and every accepted manifest builds a graph.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { STARTER_MANIFEST } from '../../src/cli/commands/init.js';
import { buildGraph } from '../../src/graph/index.js';
import { loadManifest } from '../../src/manifest/index.js';

const read = (p: string) => readFileSync(new URL(`../../${p}`, import.meta.url), 'utf8');
const SEEDS = [read('examples/minimal/masko.yaml'), read('examples/full/masko.yaml'), STARTER_MANIFEST];

function checkInvariants(text: string): void {
  const result = loadManifest(text);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  for (const d of result.diagnostics) {
    expect(d.message).not.toMatch(/internal error/);
    expect(d.start).toBeGreaterThanOrEqual(0);
    expect(d.end).toBeGreaterThanOrEqual(d.start);
    expect(d.start).toBeLessThanOrEqual(text.length);
  }
  if (result.manifest) {
    expect(errors).toEqual([]);
    const graph = buildGraph(result.manifest);
    expect(graph.waves.flat().sort()).toEqual(Object.keys(result.manifest.assets).sort());
  } else {
    expect(errors.length).toBeGreaterThan(0);
  }
}

const FIELDS = ['type', 'source', 'end', 'reverse', 'image_prompt', 'animation_prompt', 'edit_instructions', 'duration', 'loop', 'output', 'name', 'logo_description', 'asset_id', 'collection', 'version', 'assets', 'dir', 'typescript', 'budget', 'defaults'];
const ID_LIKE = ['idle', 'wave', 'dance', 'wave-santa', 'idle-to-wave', 'wave-to-idle', 'app-logo', 'nope', 'Wave', '../x', '/abs', 'C:/x'];
const scalar = fc.oneof(
  fc.constantFrom(...ID_LIKE, 'image', 'animation', 'edit', 'logo', 'imag', '', ' '),
  fc.integer({ min: -3, max: 20 }),
  fc.double({ noNaN: true, min: -1, max: 30 }),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 8 }),
);
const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.dictionary(fc.constantFrom(...FIELDS), scalar, { maxKeys: 3 }));

type Tree = Record<string, unknown>;
/** Every path to a mapping key in the tree. */
function paths(node: unknown, prefix: string[] = []): string[][] {
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([k, v]) => [[...prefix, k], ...paths(v, [...prefix, k])]);
}

const structural = fc.record({
  seed: fc.nat(SEEDS.length - 1),
  edits: fc.array(fc.record({ pick: fc.nat(), op: fc.constantFrom('delete', 'replace', 'rename', 'add'), field: fc.constantFrom(...FIELDS, ...ID_LIKE), value }), { minLength: 1, maxLength: 4 }),
});

const textual = fc.record({
  seed: fc.nat(SEEDS.length - 1),
  edits: fc.array(
    fc.record({
      at: fc.nat(),
      cut: fc.nat({ max: 12 }),
      insert: fc.oneof(fc.constantFrom(':', ' ', '\n', '\t', '- ', '{', '}', '[', ']', '&a ', '*a', '<<: ', '---\n', '"', "'", '#', '\r\n', '\uFEFF', 'source: nope', '  ', 'end: idle\n'), fc.string({ maxLength: 6 })),
    }),
    { minLength: 1, maxLength: 3 },
  ),
});

describe('loadManifest under mutation', () => {
  it('accepts the seeds', () => {
    for (const seed of SEEDS) expect(loadManifest(seed).diagnostics).toEqual([]);
  });

  it('structural mutations (keys deleted, replaced, renamed, added) never break the invariants', () => {
    fc.assert(
      fc.property(structural, ({ seed, edits }) => {
        const tree = parse(SEEDS[seed]!) as Tree;
        for (const e of edits) {
          const all = paths(tree);
          const path = all[e.pick % all.length]!;
          const parent = path.slice(0, -1).reduce<Tree>((n, k) => n[k] as Tree, tree);
          const key = path[path.length - 1]!;
          if (typeof parent !== 'object' || parent === null || Array.isArray(parent)) continue;
          if (e.op === 'delete') delete parent[key];
          else if (e.op === 'replace') parent[key] = e.value;
          else if (e.op === 'rename') {
            parent[e.field] = parent[key];
            if (e.field !== key) delete parent[key];
          } else parent[e.field] = e.value;
        }
        checkInvariants(stringify(tree));
      }),
      { numRuns: 1200 },
    );
  });

  it('text mutations (cuts and inserts of YAML punctuation) never break the invariants', () => {
    fc.assert(
      fc.property(textual, ({ seed, edits }) => {
        let text = SEEDS[seed]!;
        for (const e of edits) {
          const at = e.at % (text.length + 1);
          text = text.slice(0, at) + e.insert + text.slice(at + e.cut);
        }
        checkInvariants(text);
      }),
      { numRuns: 800 },
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(textual, ({ seed, edits }) => {
        let text = SEEDS[seed]!;
        for (const e of edits) text = text.slice(0, e.at % (text.length + 1)) + e.insert + text.slice((e.at % (text.length + 1)) + e.cut);
        expect(loadManifest(text)).toEqual(loadManifest(text));
      }),
      { numRuns: 100 },
    );
  });
});
