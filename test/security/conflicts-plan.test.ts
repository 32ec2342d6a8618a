/** The planner finds files in the way from the lock and the disk alone (pure): what masko-sync owns, and what it must not replace. */
import { describe, expect, it } from 'vitest';
import type { LocalFiles } from '../../src/model/plan.js';
import { buildPlan } from '../../src/plan/index.js';
import { filesFor, fullManifest, graphOf, lockFor, manifest } from '../plan/builders.js';

const stranger = { exists: true, bytes: 3, sha256: 'a'.repeat(64) };

describe('conflicts in the plan', () => {
  it('a new asset whose file exists and is not in the lock has a conflict; an adopted path has none', () => {
    const m = manifest({ hero: { kind: 'image', image_prompt: 'heroic' } });
    const files: LocalFiles = { 'assets/mascot/hero.png': stranger };
    const plan = buildPlan(m, graphOf(m), undefined, { files });
    const hero = plan.waves.flat()[0]!;
    expect(hero).toMatchObject({ id: 'hero', action: 'create', conflicts: [{ path: 'assets/mascot/hero.png', reason: expect.stringMatching(/not in masko\.lock/) }] });
    expect(plan.summary.conflicts).toBe(1);
    const adopted = buildPlan(m, graphOf(m), undefined, { files, overwrite: { all: false, paths: new Set(['assets/mascot/hero.png']) } });
    expect(adopted.waves.flat()[0]!.conflicts).toBeUndefined();
    expect(adopted.summary.conflicts).toBe(0);
    expect(buildPlan(m, graphOf(m), undefined, { files, overwrite: { all: true, paths: new Set() } }).summary.conflicts).toBe(0);
  });

  it('a symlink at a new path is a conflict; the transparent image path counts too', () => {
    const m = manifest({ hero: { kind: 'image', image_prompt: 'heroic' } });
    const plan = buildPlan(m, graphOf(m), undefined, { files: { 'assets/mascot/hero-transparent.png': { exists: true, symlink: true } } });
    expect(plan.waves.flat()[0]!.conflicts).toEqual([{ path: 'assets/mascot/hero-transparent.png', reason: expect.stringMatching(/symlink/) }]);
  });

  it('regenerating replaces only the files the lock records for that asset, even when they were edited', () => {
    const m = fullManifest();
    const lock = lockFor(m);
    const edited = structuredClone(m);
    (edited.assets.wave as { image_prompt: string }).image_prompt = 'waving goodbye';
    const files = filesFor(lock);
    files['assets/mascot/wave.png'] = stranger;
    const plan = buildPlan(edited, graphOf(edited), lock, { files });
    expect(plan.waves.flat().find((s) => s.id === 'wave')).toMatchObject({ action: 'regenerate' });
    expect(plan.summary.conflicts).toBe(0);
  });

  it('a relocation onto a file with other content conflicts; onto the locked content (a half-done move) it does not', () => {
    const m = fullManifest();
    const lock = lockFor(m);
    const moved = structuredClone(m);
    moved.assets.wave!.outputDir = 'public';
    const files = filesFor(lock);
    files['public/wave.png'] = stranger;
    const s = buildPlan(moved, graphOf(moved), lock, { files }).waves.flat().find((x) => x.id === 'wave')!;
    expect(s.action).toBe('relocate');
    expect(s.conflicts).toEqual([{ path: 'public/wave.png', reason: expect.stringMatching(/did not make/) }]);
    files['public/wave.png'] = { ...files['assets/mascot/wave.png']! };
    const half = buildPlan(moved, graphOf(moved), lock, { files }).waves.flat().find((x) => x.id === 'wave')!;
    expect(half.conflicts).toBeUndefined();
  });

  it('a file the lock records for another asset is a conflict naming that asset', () => {
    const m = manifest({ wave: { kind: 'image', image_prompt: 'w' } });
    const old = manifest({ 'wave-transparent': { kind: 'image', image_prompt: 'x' } });
    // An orphan whose image path is the transparent image of the new asset.
    const lock = lockFor(old);
    const files = filesFor(lock);
    const step = buildPlan(m, graphOf(m), lock, { files }).waves.flat().find((x) => x.id === 'wave')!;
    expect(step.conflicts).toEqual([{ path: 'assets/mascot/wave-transparent.png', reason: 'masko.lock records this file for "wave-transparent", not "wave"' }]);
  });
});
