/** The journal's lock renderer: the bytes of serializeLock and the check of writeLock, whatever sequence of changes a run makes. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lockRenderer, serializeLock } from '../../src/lockfile/index.js';
import { lockViolations } from '../../src/lockfile/validate.js';
import type { LockEntry, Lockfile } from '../../src/model/lock.js';
import { fullManifest, lockFor } from '../plan/builders.js';

const base = (): Lockfile => lockFor(fullManifest());

/** A change a run (or a bug) could make to the live lock. */
type Change = (lock: Lockfile, ids: string[]) => void;

const pick = (ids: string[], n: number) => ids[n % ids.length]!;
// Ids include ones JSON.stringify would move first (array indexes), and ones Object.prototype has.
const newId = fc.constantFrom('10', '9', '0', 'constructor', '__proto__', 'a-new', 'zz', 'b_2');
const changes: fc.Arbitrary<Change> = fc.oneof(
  fc.tuple(fc.nat(), fc.string()).map(([n, name]): Change => (lock, ids) => void (lock.assets[pick(ids, n)]!.name = name)),
  fc.tuple(fc.nat(), fc.nat({ max: 50 })).map(([n, credits]): Change => (lock, ids) => void (lock.assets[pick(ids, n)]!.credits = credits)),
  fc.tuple(fc.nat(), fc.constantFrom('pending', 'completed', 'failed' as const)).map(([n, status]): Change => (lock, ids) => void (lock.assets[pick(ids, n)]!.status = status)),
  fc.nat().map((n): Change => (lock, ids) => void delete lock.assets[pick(ids, n)]),
  fc.tuple(fc.nat(), newId).map(([n, id]): Change => (lock, ids) => void (lock.assets[id] = structuredClone(lock.assets[pick(ids, n)]!))),
  // A file recorded: a nested key added to an existing entry.
  fc.tuple(fc.nat(), fc.constantFrom('10', 'webm', 'image')).map(([n, key]): Change => (lock, ids) => {
    const entry = lock.assets[pick(ids, n)]!;
    entry.files[key] = { asset_id: `as_${key}`, url: `https://cdn.example/${key}`, path: `out/${key}.bin`, bytes: 1, sha256: 'a'.repeat(64) };
  }),
  // Changes a bug could make: the renderer must refuse them exactly when the whole check does.
  fc.tuple(fc.nat(), fc.constantFrom<unknown>('lots', -1, null)).map(([n, credits]): Change => (lock, ids) => void ((lock.assets[pick(ids, n)] as unknown as { credits: unknown }).credits = credits)),
  fc.tuple(fc.nat(), fc.constantFrom('Not An Id', '-x', 'a'.repeat(65))).map(([n, id]): Change => (lock, ids) => void (lock.assets[id] = structuredClone(lock.assets[pick(ids, n)]!))),
  fc.boolean().map((on): Change => (lock) => {
    if (on) lock.inflight = { 'batch-1': { sent_at: '2026-12-01T00:00:00.000Z', items: [] } };
    else delete lock.inflight;
  }),
);

describe('lockRenderer', () => {
  it('gives the bytes of serializeLock after every change of any sequence, and refuses exactly what the whole check refuses (300 sequences)', () => {
    /** What writeLock would do: the text, or a refusal. */
    const expected = (lock: Lockfile) => (lockViolations(lock).length === 0 ? serializeLock(lock) : 'refused');
    const got = (render: (l: Lockfile) => string, lock: Lockfile) => {
      try {
        return render(lock);
      } catch (err) {
        return /^refusing to write masko\.lock: it would not be readable/.test((err as Error).message) ? 'refused' : (err as Error).message;
      }
    };
    fc.assert(
      fc.property(fc.array(changes, { minLength: 1, maxLength: 25 }), (sequence) => {
        const lock = base();
        lock.assets = Object.assign(Object.create(null) as Lockfile['assets'], lock.assets);
        const render = lockRenderer();
        expect(got(render, lock)).toBe(serializeLock(lock));
        for (const change of sequence) {
          const ids = Object.keys(lock.assets);
          if (ids.length === 0) break;
          change(lock, ids);
          expect(got(render, lock)).toBe(expected(lock));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a lock with an entry made invalid, or a bad id, after writing it valid; then goes on as before once fixed', () => {
    const lock = base();
    const render = lockRenderer();
    const good = render(lock);
    const id = Object.keys(lock.assets)[0]!;
    const entry = lock.assets[id]!;
    (entry as unknown as { credits: unknown }).credits = 'lots';
    expect(() => render(lock)).toThrow(/^refusing to write masko\.lock: it would not be readable \(assets\..+credits/);
    entry.credits = base().assets[id]!.credits;
    expect(render(lock)).toBe(good);

    lock.assets['Not An Id'] = structuredClone(entry) as LockEntry;
    expect(() => render(lock)).toThrow(/refusing to write masko\.lock/);
    delete lock.assets['Not An Id'];
    (lock as unknown as { extra: number }).extra = 1;
    expect(() => render(lock)).toThrow(/refusing to write masko\.lock/);
    delete (lock as unknown as { extra?: number }).extra;
    expect(render(lock)).toBe(good);
  });
});
