/** The one error class of the lockfile adapter. */

/** A lock that cannot be used as it is: message names the file, the position and the fix. */
export class LockfileError extends Error {
  readonly line?: number;
  readonly column?: number;
  readonly hint: string;

  constructor(o: { file: string; problem: string; hint: string; line?: number; column?: number; cause?: unknown }) {
    const where = o.line === undefined ? o.file : o.column === undefined ? `${o.file}:${o.line}` : `${o.file}:${o.line}:${o.column}`;
    super(`${where}: ${o.problem}\n  fix: ${o.hint}`, o.cause === undefined ? undefined : { cause: o.cause });
    this.name = 'LockfileError';
    if (o.line !== undefined) this.line = o.line;
    if (o.column !== undefined) this.column = o.column;
    this.hint = o.hint;
  }
}
