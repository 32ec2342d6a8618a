// Every manifest under test/fixtures/manifests/valid/ and examples/ loads without a single diagnostic.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadManifest } from '../../src/manifest/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const files = [
  ...readdirSync(root + 'test/fixtures/manifests/valid').map((f) => `test/fixtures/manifests/valid/${f}`),
  'examples/minimal/masko.yaml',
  'examples/full/masko.yaml',
];

describe('valid manifests', () => {
  it.each(files)('%s has no diagnostics', (file) => {
    const r = loadManifest(readFileSync(root + file, 'utf8'));
    expect(r.diagnostics).toEqual([]);
    expect(r.manifest).toBeDefined();
  });

  it('the full example uses every kind', () => {
    const r = loadManifest(readFileSync(root + 'examples/full/masko.yaml', 'utf8'));
    expect(new Set(Object.values(r.manifest!.assets).map((a) => a.kind))).toEqual(new Set(['image', 'animation', 'animate', 'transition', 'reverse', 'edit', 'logo']));
  });

  it('the minimal example defines its collection and costs little (images and edits only)', () => {
    const r = loadManifest(readFileSync(root + 'examples/minimal/masko.yaml', 'utf8'));
    expect(r.manifest!.collection.kind).toBe('define');
    expect(Object.values(r.manifest!.assets).every((a) => a.kind === 'image' || a.kind === 'edit')).toBe(true);
  });

  it('explains a flow-mapping value split by a comma', () => {
    const r = loadManifest('version: 1\ncollection: c\nassets:\n  d: { type: image, image_prompt: dance pose, arms raised }\n');
    expect(r.diagnostics).toMatchObject([{ code: 'SCHEMA_UNKNOWN_PROPERTY', hint: expect.stringMatching(/quote/) }]);
  });
});
