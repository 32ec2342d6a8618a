/** The planner's collection-life parts (pure): uploaded sources, references, revision, imported, re-roll, moves and their hint. */
import { describe, expect, it } from 'vitest';
import type { Lockfile } from '../../src/model/lock.js';
import type { Manifest } from '../../src/model/manifest.js';
import type { LocalFiles, Plan, PlanStep } from '../../src/model/plan.js';
import { applyMoves } from '../../src/plan/apply-moves.js';
import { buildPlan } from '../../src/plan/build-plan.js';
import { fingerprintInputs, fingerprintOf } from '../../src/plan/fingerprint.js';
import { rerollProblems } from '../../src/plan/reroll.js';
import { filesFor, graphOf, local, lockFor, manifest, sha } from './builders.js';

const plan = (m: Manifest, lock: Lockfile | undefined, files: LocalFiles, reroll?: string[]): Plan =>
  buildPlan(m, graphOf(m), lock, { files, ...(reroll ? { reroll: new Set(reroll) } : {}) });
const step = (p: Plan, id: string): PlanStep => p.waves.flat().find((s) => s.id === id)!;

const FILE = { kind: 'file', path: 'art/mascot.png' } as const;

/** A manifest animating a local file, and the lock a sync of it wrote (uploads recorded). */
function fileWorld(bytes = 'png-1') {
  const m = manifest({ clip: { kind: 'animate', source: FILE, animation_prompt: 'waving', duration: 1, loop: false } });
  const lock: Lockfile = { lockfileVersion: 1, collection: 'col_1', assets: {}, uploads: { 'art/mascot.png': { asset_id: 'up_1', sha256: sha(bytes), bytes: 5 } } };
  const written = lockFor(m);
  // lockFor records inputs from the lock: redo them with the upload in place.
  const inputs = fingerprintInputs(m.assets.clip!, { collection: 'col_1', upstream: () => ({ fingerprint: '' }), fileSha256: () => sha(bytes) });
  lock.assets.clip = { ...written.assets.clip!, inputs, fingerprint: fingerprintOf(inputs) };
  const files: LocalFiles = { ...filesFor(lock), 'art/mascot.png': { exists: true, bytes: 5, sha256: sha(bytes) } };
  return { m, lock, files };
}

describe('file sources', () => {
  it('enter the fingerprint by the sha256 of their bytes, wherever the file lies', () => {
    const a = fingerprintInputs({ kind: 'animate', id: 'x', name: 'X', outputDir: '.', source: FILE, animation_prompt: 'p', duration: 1, loop: false }, { collection: 'c', upstream: () => ({ fingerprint: '' }), fileSha256: () => 'abc' });
    const b = fingerprintInputs({ kind: 'animate', id: 'x', name: 'X', outputDir: '.', source: { kind: 'file', path: 'other/place.png' }, animation_prompt: 'p', duration: 1, loop: false }, { collection: 'c', upstream: () => ({ fingerprint: '' }), fileSha256: () => 'abc' });
    expect(a.source).toEqual({ sha256: 'abc' });
    expect(fingerprintOf(a)).toBe(fingerprintOf(b));
  });

  it('a current upload plans nothing; new bytes plan an upload and regenerate the dependant, free upload shown in plan.uploads', () => {
    const { m, lock, files } = fileWorld();
    const same = plan(m, lock, files);
    expect(step(same, 'clip').action).toBe('unchanged');
    expect(same.uploads).toEqual([{ source: 'art/mascot.png', kind: 'file', action: 'unchanged', reason: 'uploaded as up_1', credits: 0, sha256: sha('png-1'), bytes: 5, used_by: ['clip'] }]);

    const changed = plan(m, lock, { ...files, 'art/mascot.png': { exists: true, bytes: 5, sha256: sha('png-2') } });
    expect(step(changed, 'clip')).toMatchObject({ action: 'regenerate', changed: ['source'], credits: 5 });
    expect(step(changed, 'clip').reason).toContain('source file art/mascot.png has new bytes');
    expect(changed.uploads![0]).toMatchObject({ action: 'upload', reason: 'its bytes changed since they were uploaded; free' });
  });

  it('a source that becomes a file says so, not that the file has new bytes', () => {
    const { m, lock, files } = fileWorld();
    const before = { ...lock.assets.clip!.inputs, source: { asset_id: 'img_1' } };
    lock.assets.clip = { ...lock.assets.clip!, inputs: before, fingerprint: fingerprintOf(before) };
    const reason = step(plan(m, lock, files), 'clip').reason;
    expect(reason).toContain('source is now the file art/mascot.png');
    expect(reason).not.toContain('new bytes');
  });

  it('a URL is uploaded once and enters by itself', () => {
    const m = manifest({ clip: { kind: 'animate', source: { kind: 'url', url: 'https://x.test/a.png' }, animation_prompt: 'w', duration: 1, loop: false } });
    const p = plan(m, undefined, {});
    expect(p.uploads).toMatchObject([{ source: 'https://x.test/a.png', kind: 'url', action: 'upload', used_by: ['clip'] }]);
    expect(step(p, 'clip').action).toBe('create');
  });
});

describe('references', () => {
  const define = (refs: string[]): Manifest['collection'] => ({ kind: 'define', name: 'Fox', description: '', project: 'Fox', references: refs.map((path) => ({ kind: 'file', path })) });

  it('are all added with the collection that is created from them', () => {
    const m = manifest({ idle: { kind: 'image', image_prompt: 'i' } }, define(['a.png', 'b.png']));
    const p = plan(m, undefined, { 'a.png': { exists: true, sha256: sha('a') }, 'b.png': { exists: true, sha256: sha('b') } });
    expect(p.references?.map((r) => [r.source, r.action])).toEqual([['a.png', 'add'], ['b.png', 'add']]);
    expect(p.uploads?.map((u) => [u.source, u.action])).toEqual([['a.png', 'upload'], ['b.png', 'upload']]);
  });

  it('a changed list removes and adds, regenerates nothing, and says why assets keep their look', () => {
    const m = manifest({ idle: { kind: 'image', image_prompt: 'i' } }, define(['a.png', 'c.png']));
    const lock = { ...lockFor(manifest({ idle: { kind: 'image', image_prompt: 'i' } }), 'col_1'), uploads: { 'a.png': { asset_id: 'up_a', sha256: sha('a') }, 'b.png': { asset_id: 'up_b', sha256: sha('b') } }, references: { 'a.png': 'up_a', 'b.png': 'up_b' } };
    const p = plan(m, lock, { ...filesFor(lock), 'a.png': { exists: true, sha256: sha('a') }, 'c.png': { exists: true, sha256: sha('c') } });
    expect(p.references?.map((r) => [r.source, r.action, r.asset_id])).toEqual([['a.png', 'unchanged', 'up_a'], ['c.png', 'add', undefined], ['b.png', 'remove', 'up_b']]);
    expect(p.references?.find((r) => r.action === 'add')?.reason).toMatch(/free; assets already made keep their look/);
    expect(step(p, 'idle').action).toBe('unchanged');
    expect(p.summary.credits).toBe(0);
  });
});

describe('revision, imported and re-roll', () => {
  it('a revision is in the fingerprint only when written; bumping it regenerates', () => {
    const m = manifest({ idle: { kind: 'image', image_prompt: 'i' } });
    const lock = lockFor(m);
    const bumped = manifest({ idle: { kind: 'image', image_prompt: 'i', revision: 2 } });
    // Shown as the re-roll it is, as --reroll is.
    expect(step(plan(bumped, lock, filesFor(lock)), 'idle')).toMatchObject({ action: 'regenerate', changed: ['revision'], reroll: true, reason: 're-roll requested (revision: 2): a new generation under the same item' });
    expect(lock.assets.idle!.inputs.revision).toBeUndefined();
  });

  it('an imported asset is {collection, kind, imported}; it cannot be created and says so', () => {
    const m = manifest({ pose: { kind: 'image', image_prompt: '', imported: true } });
    const inputs = fingerprintInputs(m.assets.pose!, { collection: 'col_1', upstream: () => ({ fingerprint: '' }) });
    expect(inputs).toEqual({ collection: 'col_1', kind: 'image', imported: true });
    expect(step(plan(m, undefined, {}), 'pose').reason).toMatch(/imported without its prompts, so it cannot be generated/);
  });

  it('--reroll regenerates with the same fingerprint, and its dependants follow', () => {
    const m = manifest({ wave: { kind: 'image', image_prompt: 'w' }, santa: { kind: 'edit', source: local('wave'), edit_instructions: 'hat' } });
    const lock = lockFor(m);
    const p = plan(m, lock, filesFor(lock), ['wave']);
    expect(step(p, 'wave')).toMatchObject({ action: 'regenerate', reroll: true, changed: [], fingerprint: lock.assets.wave!.fingerprint });
    expect(step(p, 'santa')).toMatchObject({ action: 'regenerate', cause: 'wave' });
    expect(step(plan(m, lock, filesFor(lock)), 'wave').action).toBe('unchanged');
  });

  it('--reroll refuses reverse clips, imported and pending assets, and unknown ids', () => {
    const m = manifest({
      a: { kind: 'image', image_prompt: 'a' },
      b: { kind: 'image', image_prompt: 'b' },
      t: { kind: 'transition', source: local('a'), end: local('b'), animation_prompt: 't', duration: 1, reverse: { id: 'r', name: 'R' } },
      i: { kind: 'image', image_prompt: '', imported: true },
    });
    const lock = lockFor(m);
    lock.assets.b!.status = 'pending';
    expect(rerollProblems(m, lock, ['a', 'b', 'r', 'i', 'nope'])).toEqual([
      expect.stringContaining('still pending'),
      expect.stringContaining('re-roll "t"'),
      expect.stringContaining('imported'),
      expect.stringContaining('not an asset'),
    ]);
    expect(rerollProblems(m, lock, ['aa', 'zzzz'])).toEqual([
      '--reroll names "aa" (did you mean "a"?), which is not an asset of the manifest',
      '--reroll names "zzzz", which is not an asset of the manifest',
    ]);
  });
});

describe('moves', () => {
  const old = manifest({ wave: { kind: 'image', image_prompt: 'w' }, 'wave-santa': { kind: 'edit', source: local('wave'), edit_instructions: 'hat' } });
  const lock = lockFor(old);
  const renamed = manifest({ wave: { kind: 'image', image_prompt: 'w' }, 'santa-wave': { kind: 'edit', source: local('wave'), edit_instructions: 'hat' } });

  it('without `moved:`: an orphan and a create with the same inputs, each with the hint', () => {
    const p = plan(renamed, lock, filesFor(lock));
    expect(step(p, 'santa-wave')).toMatchObject({ action: 'create', hint: expect.stringContaining('moved: { wave-santa: santa-wave }') });
    expect(step(p, 'wave-santa')).toMatchObject({ action: 'orphan', hint: expect.stringContaining('santa-wave') });
  });

  it('with `moved:`: the old entry is taken over (files relocated to the new names), free, no orphan', () => {
    const m = { ...renamed, moved: { 'wave-santa': 'santa-wave' } };
    const p = plan(m, lock, filesFor(lock));
    expect(step(p, 'santa-wave')).toMatchObject({ action: 'relocate', credits: 0, moved_from: 'wave-santa' });
    expect(step(p, 'santa-wave').relocate?.map((r) => r.to)).toEqual(['assets/mascot/santa-wave.png', 'assets/mascot/santa-wave-transparent.png']);
    expect(p.waves.flat().some((s) => s.action === 'orphan')).toBe(false);
    expect(p.summary.credits).toBe(0);
  });

  it('applyMoves re-keys the entry, follows a reverse clip\'s parent, and leaves a move whose new id has its entry alone', () => {
    const t = manifest({ a: { kind: 'image', image_prompt: 'a' }, b: { kind: 'image', image_prompt: 'b' }, t: { kind: 'transition', source: local('a'), end: local('b'), animation_prompt: 't', duration: 1, reverse: { id: 'r', name: 'R' } } });
    const tl = lockFor(t);
    const moved = manifest({ a: { kind: 'image', image_prompt: 'a' }, b: { kind: 'image', image_prompt: 'b' }, go: { kind: 'transition', source: local('a'), end: local('b'), animation_prompt: 't', duration: 1, reverse: { id: 'r', name: 'R' } } });
    const out = applyMoves({ ...moved, moved: { t: 'go' } }, tl);
    expect(out.moves).toEqual([{ from: 't', to: 'go' }]);
    expect(out.lock.assets.go).toBe(tl.assets.t);
    expect(out.lock.assets.r!.reverse_of).toBe('go');
    expect(tl.assets.t).toBeDefined();
    expect(applyMoves({ ...t, assets: { ...t.assets }, moved: { a: 'b' } }, tl).moves).toEqual([]);
  });
});
