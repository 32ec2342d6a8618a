/** The lock as a journal: every change is applied in memory and made durable by coalesced atomic writes. */
import type { Lockfile } from '../model/lock.js';

/** Writes a whole lock atomically (injected: the lockfile adapter, or a fake in tests). */
export type LockWriter = (lock: Lockfile) => Promise<void>;

/**
 * How long after the last write a write holding only lazy changes waits for more. A lazy change (a
 * file recorded, say) is safe to lose in a crash, since the next run does it again for free; while
 * completions stream in, each write of a large lock would otherwise follow the last at once.
 */
export const LAZY_WRITE_MS = 40;

/** Holds the current lock; `update` resolves once a write containing the change is on disk. */
export class LockJournal {
  private writing: Promise<void> | undefined;
  private dirty = false;
  private waiters: Array<{ resolve: () => void; reject: (e: unknown) => void; lazy: boolean }> = [];
  private lastWriteEnd = 0;
  private wake: (() => void) | undefined;
  /** Number of writes performed (for tests and benchmarks). */
  writes = 0;

  /**
   * `readsAtOnce`: the writer has read all it needs of the lock before its first await (writeLock and lockWriter
   * serialises it first), so it gets the live lock, not a copy; without it each write takes a
   * snapshot first, since changes made while it runs belong to the next write.
   */
  constructor(
    readonly lock: Lockfile,
    private readonly write: LockWriter | undefined,
    private readonly options: { readsAtOnce?: boolean } = {},
  ) {}

  /**
   * Applies `change` to the lock now, and resolves when it is durable. `lazy`: nothing waits on it
   * being on disk soon (its write may gather later changes for LAZY_WRITE_MS).
   */
  update(change: (lock: Lockfile) => void, options: { lazy?: boolean } = {}): Promise<void> {
    change(this.lock);
    return this.flush(options);
  }

  /** Resolves when everything changed so far is durable. */
  flush(options: { lazy?: boolean } = {}): Promise<void> {
    if (!this.write) return Promise.resolve();
    this.dirty = true;
    const lazy = options.lazy ?? false;
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject, lazy }));
    if (!lazy) this.wake?.();
    if (!this.writing) this.writing = this.loop();
    return done;
  }

  private async loop(): Promise<void> {
    while (this.dirty) {
      await this.gather();
      this.dirty = false;
      const waiting = this.waiters;
      this.waiters = [];
      try {
        // Snapshot (or read at once): later changes made while this write runs go into the next write.
        await this.write!(this.options.readsAtOnce ? this.lock : structuredClone(this.lock));
        this.writes++;
        for (const w of waiting) w.resolve();
      } catch (err) {
        for (const w of waiting) w.reject(err);
      }
      this.lastWriteEnd = Date.now();
    }
    this.writing = undefined;
  }

  /** With only lazy changes waiting, waits until LAZY_WRITE_MS after the last write (or an urgent change). */
  private async gather(): Promise<void> {
    const left = this.lastWriteEnd + LAZY_WRITE_MS - Date.now();
    if (left <= 0 || this.waiters.some((w) => !w.lazy)) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, left);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wake = undefined;
  }
}
