/** Manifests that used to pass validate and then fail after paying: every one is caught by the pure loader now. */
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/graph/index.js';
import { loadManifest } from '../../src/manifest/index.js';
import { buildPlan } from '../../src/plan/index.js';

const base = (assets: string, output = 'out') => `version: 1\ncollection: col_1\noutput: { dir: "${output}" }\nassets:\n${assets}`;

describe('caught before anything is spent', () => {
  it('a lone surrogate in a prompt is INVALID_TEXT at its line; a real surrogate pair is fine', () => {
    const r = loadManifest(base('  a: { type: image, image_prompt: "smile \\ud800" }\n'));
    expect(r.manifest).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toEqual(['INVALID_TEXT']);
    const ok = loadManifest(base('  a: { type: image, image_prompt: "smile \\ud83d\\ude00" }\n'));
    expect(ok.diagnostics).toEqual([]);
    // And the valid one plans (its fingerprint encodes) without throwing.
    expect(() => buildPlan(ok.manifest!, buildGraph(ok.manifest!), undefined, { files: {} })).not.toThrow();
  });

  it('a reverse id "constructor" (or "toString", "__proto__"-like names that match the id pattern) is not a DUPLICATE_ID', () => {
    const r = loadManifest(base('  a: { type: image, image_prompt: a }\n  b: { type: image, image_prompt: b }\n  a-to-b: { type: animation, source: a, end: b, animation_prompt: go, reverse: constructor }\n'));
    expect(r.diagnostics).toEqual([]);
    expect(r.manifest!.assets.constructor).toMatchObject({ kind: 'reverse', parent: 'a-to-b' });
    const plan = buildPlan(r.manifest!, buildGraph(r.manifest!), undefined, { files: {} });
    expect(plan.waves.flat().find((s) => s.id === 'constructor')).toMatchObject({ action: 'create', credits: 0 });
  });

  it('output folders with a NUL, a name over 255 bytes, or inside .git are OUTPUT_PATH_INVALID', () => {
    for (const dir of ['out\\0x', `out/${'é'.repeat(128)}`, '.git/assets', 'node_modules/x']) {
      const r = loadManifest(base('  a: { type: image, image_prompt: a }\n', dir));
      expect(r.diagnostics.map((d) => d.code), dir).toEqual(['OUTPUT_PATH_INVALID']);
    }
    // 255 bytes exactly is fine.
    expect(loadManifest(base('  a: { type: image, image_prompt: a }\n', 'x'.repeat(255))).diagnostics).toEqual([]);
  });
});
