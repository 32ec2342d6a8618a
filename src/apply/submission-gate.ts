/**
 * Submissions are the critical path: a download waits until no submission is in flight or about to
 * start, so that the CDN's bandwidth and the lock's writes go to the next level first.
 */
export class SubmissionGate {
  private inFlight = 0;
  private held = 0;
  private waiters: Array<() => void> = [];

  /** Submissions in flight now. */
  get active(): number {
    return this.inFlight;
  }

  /** Counts `work` as a submission in flight until it settles. */
  async around(work: Promise<void>): Promise<void> {
    this.inFlight++;
    try {
      await work;
    } finally {
      this.inFlight--;
      this.release();
    }
  }

  /** A submission is about to start (the pump window): downloads wait for it too, until `unhold`. */
  hold(): void {
    this.held++;
  }

  unhold(): void {
    this.held--;
    this.release();
  }

  /** Resolves once no submission is in flight or about to start. */
  idle(): Promise<void> {
    if (this.inFlight === 0 && this.held === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private release(): void {
    if (this.inFlight > 0 || this.held > 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
