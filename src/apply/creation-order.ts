/**
 * Which jobs this run surely created after which. A job list is newest first, so a sweep looking
 * for a job can skip the jobs known to be newer: those of batches sent after the answer that made
 * it came back (batches in flight together may be created in any order, so they do not count).
 */
export class CreationOrder {
  private tick = 0;
  private readonly batches: Array<{ sent: number; answered: number; jobs: number }> = [];
  private readonly batchOf = new Map<string, number>();

  /** The current tick: take one as a batch goes out and one as its answer comes back. */
  now(): number {
    return this.tick++;
  }

  /** Records the jobs a batch made, with the ticks of its sending and of its answer. */
  record(sent: number, answered: number, jobIds: string[]): void {
    if (jobIds.length === 0) return;
    this.batches.push({ sent, answered, jobs: jobIds.length });
    for (const id of jobIds) this.batchOf.set(id, this.batches.length - 1);
  }

  /** How many jobs surely were created after `jobId` (0 for one of unknown origin: resumed, adopted). */
  newer(jobId: string): number {
    const b = this.batches[this.batchOf.get(jobId) ?? -1];
    if (!b) return 0;
    let n = 0;
    for (const other of this.batches) if (other.sent > b.answered) n += other.jobs;
    return n;
  }
}
