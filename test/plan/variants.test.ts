import { describe, expect, it } from 'vitest';
import { fileNameFor } from '../../src/manifest/file-names.js';
import { parseVariantKey, wantedVariants } from '../../src/manifest/variant-keys.js';
import type { Manifest } from '../../src/model/manifest.js';
import type { Lockfile } from '../../src/model/lock.js';
import { buildPlan } from '../../src/plan/build-plan.js';
import { pathsToCheck } from '../../src/plan/paths-to-check.js';
import { filesFor, graphOf, lockFor, manifest } from './builders.js';

const plan = (m: Manifest, lock: Lockfile, files = filesFor(lock)) => buildPlan(m, graphOf(m), lock, { files });
const step = (m: Manifest, lock: Lockfile, id: string, files = filesFor(lock)) => plan(m, lock, files).waves.flat().find((s) => s.id === id)!;

describe('variant keys and their files', () => {
  it('name a variant as its file with -<width> before the extension, and its format as the extension', () => {
    expect(fileNameFor('wave', 'image@480', 'png')).toBe('wave-480.png');
    expect(fileNameFor('wave', 'transparent_image@480', 'png')).toBe('wave-transparent-480.png');
    expect(fileNameFor('wave', 'image.webp', 'png')).toBe('wave.webp');
    expect(fileNameFor('wave', 'transparent_image@360.avif', 'png')).toBe('wave-transparent-360.avif');
    expect(fileNameFor('dance', 'webm@240', 'webm')).toBe('dance-240.webm');
    expect(fileNameFor('dance', 'hevc@240', 'mov')).toBe('dance-240.mov');
    expect(fileNameFor('app-logo', 'logo@128', 'png')).toBe('app-logo-logo-128.png');
    expect(parseVariantKey('image')).toBeUndefined();
    expect(parseVariantKey('image@480.webp')).toEqual({ base: 'image', size: 480, format: 'webp' });
    expect(parseVariantKey('image@0')).toBeUndefined();
  });

  it('are wanted for the files each kind resizes and the PNGs it has formats of', () => {
    expect(wantedVariants({ kind: 'image', sizes: [480], formats: ['webp'] }, ['image', 'transparent_image'])).toEqual([
      'image.webp', 'image@480', 'image@480.webp', 'transparent_image.webp', 'transparent_image@480', 'transparent_image@480.webp',
    ]);
    // An animation's clips are resized, its still also gets formats; a logo pack resizes only its two logos.
    expect(wantedVariants({ kind: 'animation', sizes: [128], formats: ['avif'] }, ['image', 'video', 'webm', 'hevc'])).toEqual([
      'hevc@128', 'image.avif', 'image@128', 'image@128.avif', 'video@128', 'webm@128',
    ]);
    expect(wantedVariants({ kind: 'logo', sizes: [64] }, ['logo', 'logo_transparent', 'icon', 'favicon'])).toEqual(['logo@64', 'logo_transparent@64']);
  });
});

describe('planning variants', () => {
  const m0 = manifest({ wave: { kind: 'image', image_prompt: 'waving' } });
  const lock = lockFor(m0);

  it('adding a size or a format to a synced asset is a free derive, never a regeneration', () => {
    const m = manifest({ wave: { kind: 'image', image_prompt: 'waving', sizes: [240], formats: ['webp'] } });
    const s = step(m, lock, 'wave');
    expect(s).toMatchObject({ action: 'derive', credits: 0, fingerprint: lock.assets.wave!.fingerprint });
    expect(s.derive).toEqual(['image.webp', 'image@240', 'image@240.webp', 'transparent_image.webp', 'transparent_image@240', 'transparent_image@240.webp']);
    expect(s.reason).toContain('made locally (free)');
    expect(plan(m, lock).summary).toMatchObject({ derive: 1, credits: 0 });
  });

  it('a CDN size variant missing on disk is restored; a missing derived file is made again (restore, not a lock change)', () => {
    const m = manifest({ wave: { kind: 'image', image_prompt: 'waving', sizes: [240], formats: ['webp'] } });
    const l = structuredClone(lock);
    const w = l.assets.wave!;
    w.files['image@240'] = { url: 'https://cdn.example/wave-240.png', path: 'assets/mascot/wave-240.png', bytes: 5, sha256: 'a'.repeat(64) };
    w.files['transparent_image@240'] = { url: 'https://cdn.example/wave-t-240.png', path: 'assets/mascot/wave-transparent-240.png', bytes: 5, sha256: 'b'.repeat(64) };
    w.derived = Object.fromEntries(['image.webp', 'image@240.webp', 'transparent_image.webp', 'transparent_image@240.webp'].map((k) => [k, { path: `assets/mascot/${fileNameFor('wave', k, 'png')}` }]));
    const files = filesFor(l);
    for (const d of Object.values(w.derived)) files[d.path] = { exists: true, bytes: 3, sha256: 'c'.repeat(64) };
    expect(step(m, l, 'wave', files).action).toBe('unchanged');
    delete files['assets/mascot/wave-240.png'];
    delete files['assets/mascot/wave.webp'];
    const s = step(m, l, 'wave', files);
    expect(s).toMatchObject({ action: 'restore', restore: ['image@240'], derive: ['image.webp'], credits: 0 });
    expect(pathsToCheck(m, l)).toEqual(expect.arrayContaining(['assets/mascot/wave.webp', 'assets/mascot/wave-240.png']));
  });

  it('removing a size or a format drops its variants (and never restores them first)', () => {
    const m = manifest({ wave: { kind: 'image', image_prompt: 'waving' } });
    const l = structuredClone(lock);
    l.assets.wave!.files['image@240'] = { url: 'https://cdn.example/wave-240.png', path: 'assets/mascot/wave-240.png', bytes: 5, sha256: 'a'.repeat(64) };
    l.assets.wave!.derived = { 'image.webp': { path: 'assets/mascot/wave.webp' } };
    const files = filesFor(l);
    delete files['assets/mascot/wave-240.png'];
    const s = step(m, l, 'wave', files);
    expect(s).toMatchObject({ action: 'derive', drop: ['image.webp', 'image@240'], credits: 0 });
    expect(s.restore).toBeUndefined();
  });

  it('a file masko-sync did not make where a new variant goes is a conflict', () => {
    const m = manifest({ wave: { kind: 'image', image_prompt: 'waving', formats: ['webp'] } });
    const files = { ...filesFor(lock), 'assets/mascot/wave.webp': { exists: true, bytes: 1, sha256: 'd'.repeat(64) } };
    expect(step(m, lock, 'wave', files).conflicts).toEqual([{ path: 'assets/mascot/wave.webp', reason: expect.stringContaining('did not make') }]);
  });

  it('a create sends sizes but plans no local work; the variants are made after the job', () => {
    const m = manifest({ fresh: { kind: 'image', image_prompt: 'new', sizes: [100] } });
    const s = plan(m, { lockfileVersion: 1, collection: 'col_1', assets: {} }, {}).waves.flat()[0]!;
    expect(s).toMatchObject({ action: 'create', credits: 1 });
    expect(s.derive).toBeUndefined();
  });
});
