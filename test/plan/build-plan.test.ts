import { describe, expect, it } from 'vitest';
import type { Asset, Manifest } from '../../src/model/manifest.js';
import type { Lockfile } from '../../src/model/lock.js';
import type { LocalFiles, Plan, PlanStep } from '../../src/model/plan.js';
import { buildPlan } from '../../src/plan/build-plan.js';
import { filesFor, fullManifest, graphOf, lockFor, manifest } from './builders.js';

function plan(m: Manifest, lock: Lockfile | undefined, files: LocalFiles = lock ? filesFor(lock) : {}, collection?: string): Plan {
  return buildPlan(m, graphOf(m), lock, { files, ...(collection ? { collection } : {}) });
}
const steps = (p: Plan): Record<string, PlanStep> => Object.fromEntries(p.waves.flat().map((s) => [s.id, s]));
const actions = (p: Plan): Record<string, string> => Object.fromEntries(p.waves.flat().map((s) => [s.id, s.action]));
/** A copy of the manifest with one asset's fields replaced. */
function edit(m: Manifest, id: string, patch: Partial<Record<string, unknown>>): Manifest {
  const copy = structuredClone(m);
  copy.assets[id] = { ...copy.assets[id]!, ...patch } as Asset;
  return copy;
}

describe('buildPlan', () => {
  it('creates everything without a lock, with credits at the documented prices, in waves', () => {
    const p = plan(fullManifest(), undefined);
    expect(Object.values(actions(p)).every((a) => a === 'create')).toBe(true);
    const s = steps(p);
    expect(s['wave']!.reason).toBe('not in the lock');
    expect([s['wave']!.credits, s['dance']!.credits, s['wave-animated']!.credits]).toEqual([1, 21, 20]);
    expect([s['idle-to-wave']!.credits, s['wave-to-idle']!.credits, s['wave-santa']!.credits, s['app-logo']!.credits]).toEqual([15, 0, 1, 20]);
    expect(p.summary).toMatchObject({ create: 8, unchanged: 0, credits: 1 + 1 + 21 + 20 + 15 + 0 + 1 + 20 });
    expect(p.waves.map((w) => w.map((x) => x.id))).toEqual([
      ['app-logo', 'dance', 'idle', 'wave'],
      ['idle-to-wave', 'wave-animated', 'wave-santa'],
      ['wave-to-idle'],
    ]);
    expect(s['idle-to-wave']!.depends_on).toEqual(['idle', 'wave']);
    expect(s['wave-to-idle']!.depends_on).toEqual(['idle-to-wave']);
    expect(p.collection).toBe('col_1');
  });

  it('is all unchanged against the lock a sync of the same manifest wrote', () => {
    const m = fullManifest();
    const p = plan(m, lockFor(m));
    expect(new Set(Object.values(actions(p)))).toEqual(new Set(['unchanged']));
    expect(p.summary.credits).toBe(0);
    expect(steps(p)['wave']!.reason).toBe('up to date');
  });

  it('regenerates a changed prompt, naming the field, and cascades to dependants with the upstream as cause', () => {
    const m = fullManifest();
    const lock = lockFor(m);
    const p = plan(edit(m, 'wave', { image_prompt: 'waving goodbye' }), lock);
    const s = steps(p);
    expect(s['wave']).toMatchObject({ action: 'regenerate', reason: 'image_prompt changed', changed: ['image_prompt'], credits: 1 });
    for (const id of ['wave-animated', 'idle-to-wave', 'wave-santa']) {
      expect(s[id], id).toMatchObject({ action: 'regenerate', reason: 'upstream wave changes', cause: 'wave' });
    }
    expect(s['wave-to-idle']).toMatchObject({ action: 'regenerate', cause: 'idle-to-wave', credits: 0 });
    expect(s['idle']!.action).toBe('unchanged');
    expect(s['dance']!.action).toBe('unchanged');
    expect(p.summary).toMatchObject({ regenerate: 5, unchanged: 3, credits: 1 + 20 + 15 + 0 + 1 });
    // The dependant's planned inputs carry the upstream's new fingerprint.
    expect(s['wave-santa']!.changed).toEqual(['source']);
  });

  it('names every changed field of one asset', () => {
    const m = fullManifest();
    const p = plan(edit(m, 'dance', { duration: 5, loop: false }), lockFor(m));
    expect(steps(p)['dance']).toMatchObject({ action: 'regenerate', reason: 'duration, loop changed', credits: 26 });
  });

  it('regenerates a dependant whose source now points elsewhere, naming source', () => {
    const m = fullManifest();
    const p = plan(edit(m, 'wave-santa', { source: { kind: 'local', id: 'idle' } }), lockFor(m));
    expect(steps(p)['wave-santa']).toMatchObject({ action: 'regenerate', reason: 'source changed' });
    expect(steps(p)['wave-santa']!.cause).toBeUndefined();
  });

  it('regenerates everything when the collection id changes', () => {
    const m = fullManifest();
    const lock = lockFor(m);
    const moved: Manifest = { ...m, collection: { kind: 'id', id: 'col_2' } };
    const p = plan(moved, lock);
    expect(Object.values(steps(p)).every((s) => s.action === 'regenerate' && s.reason.startsWith('collection changed'))).toBe(true);
    expect(p.collection).toBe('col_2');
  });

  it('uses the lock collection for a defined collection, and null with a placeholder before it exists', () => {
    const defined = manifest({ idle: { kind: 'image', image_prompt: 'x' } }, { kind: 'define', name: 'Mascot', description: 'd' });
    const first = plan(defined, undefined);
    expect(first.collection).toBeNull();
    expect(first.summary.create).toBe(1);
    const lock = lockFor(defined, 'col_made');
    const second = plan(defined, lock);
    expect(second.collection).toBe('col_made');
    expect(actions(second)).toEqual({ idle: 'unchanged' });
    // options.collection wins (the applier after creating the collection).
    expect(plan(defined, undefined, {}, 'col_made').collection).toBe('col_made');
  });

  it('resumes a pending job whose fingerprint still matches, for free', () => {
    const m = fullManifest();
    const lock = lockFor(m);
    lock.assets['dance']!.status = 'pending';
    const s = steps(plan(m, lock))['dance']!;
    expect(s).toMatchObject({ action: 'resume', credits: 0 });
    expect(s.reason).toContain('job_dance');
  });

  it('abandons a pending job whose fingerprint no longer matches, and says so', () => {
    const m = fullManifest();
    const lock = lockFor(m);
    lock.assets['dance']!.status = 'pending';
    const s = steps(plan(edit(m, 'dance', { animation_prompt: 'dancing wildly' }), lock))['dance']!;
    expect(s.action).toBe('regenerate');
    expect(s.reason).toMatch(/animation_prompt changed; pending job job_dance is abandoned/);
  });

  it('regenerates a failed job with the same inputs', () => {
    const m = fullManifest();
    const lock = lockFor(m);
    lock.assets['app-logo']!.status = 'failed';
    expect(steps(plan(m, lock))['app-logo']).toMatchObject({ action: 'regenerate', reason: 'previous job failed', credits: 20 });
  });

  it('a dependant of a resumed upstream is not paid for again (the image asset id is already known)', () => {
    const m = fullManifest();
    const lock = lockFor(m);
    lock.assets['wave']!.status = 'pending';
    lock.assets['wave-santa']!.status = 'pending';
    const s = steps(plan(m, lock));
    expect(s['wave']!.action).toBe('resume');
    expect(s['wave-santa']).toMatchObject({ action: 'resume', credits: 0 });
  });

  it('a dependant recorded against an older image of a resumed upstream regenerates', () => {
    const m = fullManifest();
    const lock = lockFor(m);
    lock.assets['wave']!.status = 'pending';
    lock.assets['wave']!.files['image']!.asset_id = 'a-newer-image';
    const s = steps(plan(m, lock));
    expect(s['wave']!.action).toBe('resume');
    expect(s['wave-santa']!.action).toBe('regenerate');
  });

  it('never renames for an edit: its item is its source\'s', () => {
    const m = fullManifest();
    const p = plan(edit(m, 'wave-santa', { name: 'Santa!' }), lockFor(m));
    expect(steps(p)['wave-santa']!.action).toBe('unchanged');
    expect(steps(p)['wave-santa']!.rename).toBeUndefined();
  });

  it('renames for free when only the name changed', () => {
    const m = fullManifest();
    const p = plan(edit(m, 'wave', { name: 'Hello!' }), lockFor(m));
    expect(steps(p)['wave']).toMatchObject({ action: 'rename', credits: 0, rename: { from: 'Waving hello', to: 'Hello!' } });
    expect(steps(p)['wave-santa']!.action).toBe('unchanged');
  });

  it('restores missing or modified files, listing their keys', () => {
    const m = fullManifest();
    const lock = lockFor(m);
    const files = filesFor(lock);
    delete files['assets/mascot/wave.png'];
    files['assets/mascot/wave-transparent.png'] = { exists: true, bytes: 10, sha256: '0'.repeat(64) };
    const s = steps(plan(m, lock, files))['wave']!;
    expect(s).toMatchObject({ action: 'restore', restore: ['image', 'transparent_image'], credits: 0 });
    expect(s.reason).toBe('image missing on disk; transparent_image modified on disk');
  });

  it('relocates files whose output dir moved, carrying a rename along', () => {
    const m = fullManifest();
    const lock = lockFor(m);
    const p = plan(edit(m, 'wave', { outputDir: 'public/mascot', name: 'Hi' }), lock);
    const s = steps(p)['wave']!;
    expect(s.action).toBe('relocate');
    expect(s.relocate).toEqual([
      { key: 'image', from: 'assets/mascot/wave.png', to: 'public/mascot/wave.png' },
      { key: 'transparent_image', from: 'assets/mascot/wave-transparent.png', to: 'public/mascot/wave-transparent.png' },
    ]);
    expect(s.rename).toEqual({ from: 'Waving hello', to: 'Hi' });
    expect(s.reason).toBe('output path changed; name changed ("Waving hello" → "Hi")');
  });

  it('a moved file lost on the way is restored to its new place rather than relocated', () => {
    const m = fullManifest();
    const lock = lockFor(m);
    const files = filesFor(lock);
    delete files['assets/mascot/wave.png'];
    const s = steps(plan(edit(m, 'wave', { outputDir: 'public' }), lock, files))['wave']!;
    expect(s).toMatchObject({ action: 'relocate', restore: ['image'] });
    expect(s.relocate!.map((r) => r.key)).toEqual(['transparent_image']);
  });

  it('marks lock entries the manifest dropped as orphans in a last wave, including a dropped reverse', () => {
    const m = fullManifest();
    const lock = lockFor(m);
    const smaller = structuredClone(m);
    delete smaller.assets['app-logo'];
    const t = smaller.assets['idle-to-wave']!;
    if (t.kind === 'transition') delete t.reverse;
    delete smaller.assets['wave-to-idle'];
    const p = plan(smaller, lock);
    const last = p.waves.at(-1)!;
    expect(last.map((s) => [s.id, s.action])).toEqual([
      ['app-logo', 'orphan'],
      ['wave-to-idle', 'orphan'],
    ]);
    expect(last[1]!.reason).toBe('reverse of idle-to-wave, which no longer has this reverse');
    expect(p.summary.orphan).toBe(2);
    expect(steps(p)['idle-to-wave']!.action).toBe('unchanged');
  });

  it('regenerates a transition whose newly added reverse is not in the lock (a reverse is never made alone)', () => {
    const m = fullManifest();
    const without = structuredClone(m);
    const t = without.assets['idle-to-wave']!;
    if (t.kind === 'transition') delete t.reverse;
    delete without.assets['wave-to-idle'];
    const p = plan(m, lockFor(without));
    const s = steps(p);
    expect(s['idle-to-wave']).toMatchObject({ action: 'regenerate', credits: 15 });
    expect(s['idle-to-wave']!.reason).toBe('its reverse wave-to-idle is not in the lock');
    expect(s['wave-to-idle']).toMatchObject({ action: 'create', credits: 0 });
  });

  it('creates a new asset while dependants of unchanged upstreams stay unchanged', () => {
    const m = fullManifest();
    const lock = lockFor(m);
    const bigger = manifest({ extra: { kind: 'edit', source: { kind: 'local', id: 'wave' }, edit_instructions: 'party hat' } });
    const merged: Manifest = { ...m, assets: { ...m.assets, extra: bigger.assets['extra']! } };
    const p = plan(merged, lock);
    expect(actions(p)['extra']).toBe('create');
    expect(p.summary).toMatchObject({ create: 1, unchanged: 8, credits: 1 });
  });

  it('precedence: regenerate beats resume, relocate beats restore beats rename', () => {
    const m = fullManifest();
    const lock = lockFor(m);
    const files = filesFor(lock);
    delete files['assets/mascot/idle.png'];
    const p = plan(edit(m, 'idle', { name: 'Idle!' }), lock, files);
    expect(steps(p)['idle']).toMatchObject({ action: 'restore', rename: { from: 'idle', to: 'Idle!' } });
  });

  it('is pure: the same inputs give a deep-equal plan, and inputs are not mutated', () => {
    const m = fullManifest();
    const lock = lockFor(m);
    const before = JSON.stringify([m, lock]);
    expect(plan(m, lock)).toEqual(plan(m, lock));
    expect(JSON.stringify([m, lock])).toBe(before);
  });
});
