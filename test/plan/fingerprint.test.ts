import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Asset } from '../../src/model/manifest.js';
import { fingerprintInputs, fingerprintOf, type UpstreamRef } from '../../src/plan/fingerprint.js';
import { external, fullManifest, local } from './builders.js';

const ctx = { collection: 'col_1', upstream: (id: string): UpstreamRef => ({ asset_id: `as_${id}` }) };
const fp = (a: Asset, c = ctx) => fingerprintOf(fingerprintInputs(a, c));

describe('fingerprint', () => {
  it('is sha256: + 64 hex and stable across calls', () => {
    const a = fullManifest().assets['wave']!;
    expect(fp(a)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(fp(a)).toBe(fp(structuredClone(a)));
  });

  it('hashes the RFC 8785 canonical JSON of the inputs, independent of key order', () => {
    expect(fingerprintOf({ b: 1, a: 'x' })).toBe(fingerprintOf({ a: 'x', b: 1 }));
    // The hash of the literal canonical text, computed independently of the implementation.
    const expected = createHash('sha256').update('{"a":"x","b":1}').digest('hex');
    expect(fingerprintOf({ b: 1, a: 'x' })).toBe(`sha256:${expected}`);
  });

  it('ignores name, output paths and the span', () => {
    for (const a of Object.values(fullManifest().assets)) {
      const moved = { ...a, name: 'Other name', outputDir: 'elsewhere/deep', span: { start: 5, end: 99 } } as Asset;
      expect(fp(moved), a.id).toBe(fp(a));
    }
  });

  it('contains exactly the documented fields per kind', () => {
    const m = fullManifest();
    const keys = (id: string) => Object.keys(fingerprintInputs(m.assets[id]!, ctx)).sort();
    expect(keys('wave')).toEqual(['collection', 'image_prompt', 'kind']);
    expect(keys('dance')).toEqual(['animation_prompt', 'collection', 'duration', 'image_prompt', 'kind', 'loop']);
    expect(keys('wave-animated')).toEqual(['animation_prompt', 'collection', 'duration', 'kind', 'loop', 'source']);
    expect(keys('idle-to-wave')).toEqual(['animation_prompt', 'collection', 'duration', 'end', 'kind', 'source']);
    expect(keys('wave-santa')).toEqual(['collection', 'edit_instructions', 'kind', 'source']);
    expect(keys('app-logo')).toEqual(['collection', 'kind', 'logo_description', 'logo_style_instruction', 'logo_style_name']);
    expect(keys('wave-to-idle')).toEqual(['collection', 'kind', 'parent']);
  });

  it('changes with every generation field of every kind', () => {
    const m = fullManifest();
    const generationFields: Record<string, string[]> = {
      wave: ['image_prompt'],
      dance: ['image_prompt', 'animation_prompt', 'duration', 'loop'],
      'wave-animated': ['source', 'animation_prompt', 'duration', 'loop'],
      'idle-to-wave': ['source', 'end', 'animation_prompt', 'duration'],
      'wave-santa': ['source', 'edit_instructions'],
      'app-logo': ['logo_description', 'logo_style_name', 'logo_style_instruction'],
    };
    for (const [id, fields] of Object.entries(generationFields)) {
      const a = m.assets[id]!;
      for (const field of fields) {
        const value = (a as unknown as Record<string, unknown>)[field];
        const changed =
          typeof value === 'string' ? value + '!' : typeof value === 'number' ? value + 1 : typeof value === 'boolean' ? !value : local('dance');
        expect(fp({ ...a, [field]: changed } as Asset), `${id}.${field}`).not.toBe(fp(a));
      }
    }
  });

  it('changes with the collection and the kind', () => {
    const a = fullManifest().assets['wave']!;
    expect(fp(a, { ...ctx, collection: 'col_2' })).not.toBe(fp(a));
    const asEdit: Asset = { ...a, kind: 'edit', source: external('x'), edit_instructions: 'waving hello' } as Asset;
    expect(fp(asEdit)).not.toBe(fp(a));
  });

  it('takes the upstream reference: its asset id, or its new fingerprint while it changes', () => {
    const a = fullManifest().assets['wave-santa']!;
    const byId = fingerprintInputs(a, ctx);
    expect(byId['source']).toEqual({ asset_id: 'as_wave' });
    const byFp = fingerprintInputs(a, { ...ctx, upstream: () => ({ fingerprint: 'sha256:abc' }) });
    expect(byFp['source']).toEqual({ fingerprint: 'sha256:abc' });
    expect(fingerprintOf(byFp)).not.toBe(fingerprintOf(byId));
  });

  it('takes an external ref as its asset id, and distinguishes it from a local one with the same id', () => {
    const m = fullManifest();
    const ext = { ...m.assets['wave-santa']!, source: external('as_wave') } as Asset;
    expect(fingerprintInputs(ext, ctx)['source']).toEqual({ asset_id: 'as_wave' });
    // Same upstream image, same request: same fingerprint, whether referenced locally or by id.
    expect(fp(ext)).toBe(fp(m.assets['wave-santa']!));
  });

  it('a reverse clip follows its parent fingerprint', () => {
    const rev = fullManifest().assets['wave-to-idle']!;
    const one = fingerprintOf(fingerprintInputs(rev, { ...ctx, upstream: () => ({ fingerprint: 'sha256:1' }) }));
    const two = fingerprintOf(fingerprintInputs(rev, { ...ctx, upstream: () => ({ fingerprint: 'sha256:2' }) }));
    expect(one).not.toBe(two);
  });
});

