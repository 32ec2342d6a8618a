import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAZY_WRITE_MS, LockJournal } from '../../src/apply/journal.js';
import { writeLock } from '../../src/lockfile/index.js';
import type { Lockfile } from '../../src/model/lock.js';

const empty = (): Lockfile => ({ lockfileVersion: 1, assets: {} });

describe('LockJournal', () => {
  it('resolves an update only after a write that contains it', async () => {
    const written: string[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const journal = new LockJournal(empty(), async (lock) => {
      await gate;
      written.push(Object.keys(lock.assets));
    });
    const first = journal.update((l) => void (l.collection = 'c1'));
    const second = journal.update((l) => void (l.project = 'p1'));
    let settled = false;
    void second.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    release();
    await Promise.all([first, second]);
    expect(journal.lock.collection).toBe('c1');
    expect(journal.lock.project).toBe('p1');
    expect(journal.writes).toBeGreaterThanOrEqual(1);
  });

  it('coalesces changes made while a write is running into one more write', async () => {
    let writes = 0;
    const snapshots: Lockfile[] = [];
    const journal = new LockJournal(empty(), async (lock) => {
      writes++;
      snapshots.push(lock);
      await new Promise((r) => setTimeout(r, 5));
    });
    const all = [] as Promise<void>[];
    for (let i = 0; i < 20; i++) all.push(journal.update((l) => void (l.assets[`a${i}`] = {} as never)));
    await Promise.all(all);
    expect(writes).toBeLessThanOrEqual(3);
    expect(Object.keys(snapshots.at(-1)!.assets)).toHaveLength(20);
  });

  it('writes snapshots, so a later change never leaks into an earlier write', async () => {
    const snapshots: Lockfile[] = [];
    const journal = new LockJournal(empty(), async (lock) => void snapshots.push(lock));
    await journal.update((l) => void (l.collection = 'a'));
    await journal.update((l) => void (l.collection = 'b'));
    expect(snapshots.map((s) => s.collection)).toEqual(['a', 'b']);
  });

  it('with readsAtOnce hands the live lock to writeLock, whose bytes are those of the moment it was called', async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'masko-journal-')), 'masko.lock');
    const handed: Lockfile[] = [];
    const onDisk: string[] = [];
    const journal: LockJournal = new LockJournal(
      empty(),
      (l) => {
        handed.push(l);
        const written = writeLock(file, l);
        // Changed the moment the write has begun: the change belongs to the next write.
        if (handed.length === 1) void journal.update((lock) => void (lock.collection = 'b'));
        return written.then(async () => void onDisk.push(JSON.parse(await readFile(file, 'utf8')).collection));
      },
      { readsAtOnce: true },
    );
    await journal.update((l) => void (l.collection = 'a'));
    await journal.flush();
    expect(handed[0]).toBe(journal.lock);
    expect(onDisk).toEqual(['a', 'b']);
    expect(JSON.parse(await readFile(file, 'utf8')).collection).toBe('b');
  });

  it('rejects the waiters of a failed write and keeps working afterwards', async () => {
    let fail = true;
    const journal = new LockJournal(empty(), async () => {
      if (fail) throw new Error('disk full');
    });
    await expect(journal.update((l) => void (l.collection = 'x'))).rejects.toThrow('disk full');
    fail = false;
    await expect(journal.update((l) => void (l.collection = 'y'))).resolves.toBeUndefined();
  });

  it('without a writer (frozen) changes stay in memory', async () => {
    const journal = new LockJournal(empty(), undefined);
    await journal.update((l) => void (l.collection = 'z'));
    expect(journal.writes).toBe(0);
    expect(journal.lock.collection).toBe('z');
  });

  it('lazy changes that follow a write close behind wait for more, an urgent one goes at once', async () => {
    const at: Array<{ ms: number; keys: string[] }> = [];
    const t0 = Date.now();
    const journal = new LockJournal(empty(), async (lock) => void at.push({ ms: Date.now() - t0, keys: Object.keys(lock.assets) }));
    await journal.update((l) => void (l.assets.first = {} as never));
    // Streamed completions just after a write: one write for all of them, LAZY_WRITE_MS later.
    const lazy = ['a', 'b', 'c'].map((id) => journal.update((l) => void (l.assets[id] = {} as never), { lazy: true }));
    await Promise.all(lazy);
    expect(at).toHaveLength(2);
    expect(at[1]!.keys.sort()).toEqual(['a', 'b', 'c', 'first']);
    expect(at[1]!.ms - at[0]!.ms).toBeGreaterThanOrEqual(LAZY_WRITE_MS - 5);
    // An urgent change (a batch about to be sent) cuts the wait short and carries the lazy ones.
    const pending = journal.update((l) => void (l.assets.d = {} as never), { lazy: true });
    const urgent = journal.update((l) => void (l.inflight = {}));
    await Promise.all([pending, urgent]);
    expect(at).toHaveLength(3);
    expect(at[2]!.keys).toContain('d');
  });
});
