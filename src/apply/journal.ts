/** The lock as a journal: every change is applied in memory and made durable by coalesced atomic writes. */
import type { Lockfile } from '../model/lock.js';

/** Writes a whole lock atomically (injected: the lockfile adapter, or a fake in tests). */
export type LockWriter = (lock: Lockfile) => Promise<void>;

/** Holds the current lock; `update` resolves once a write containing the change is on disk. */
export class LockJournal {
  private writing: Promise<void> | undefined;
  private dirty = false;
  private waiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
  /** Number of writes performed (for tests and benchmarks). */
  writes = 0;

  constructor(
    readonly lock: Lockfile,
    private readonly write: LockWriter | undefined,
  ) {}

  /** Applies `change` to the lock now, and resolves when it is durable. */
  update(change: (lock: Lockfile) => void): Promise<void> {
    change(this.lock);
    return this.flush();
  }

  /** Resolves when everything changed so far is durable. */
  flush(): Promise<void> {
    if (!this.write) return Promise.resolve();
    this.dirty = true;
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (!this.writing) this.writing = this.loop();
    return done;
  }

  private async loop(): Promise<void> {
    while (this.dirty) {
      this.dirty = false;
      const waiting = this.waiters;
      this.waiters = [];
      try {
        // Snapshot: later changes made while this write runs go into the next write.
        await this.write!(structuredClone(this.lock));
        this.writes++;
        for (const w of waiting) w.resolve();
      } catch (err) {
        for (const w of waiting) w.reject(err);
      }
    }
    this.writing = undefined;
  }
}
