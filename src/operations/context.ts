/**
 * What an operation (sync, pull, prune, plan, watch, doctor) gets from its caller: the environment
 * it reads (MASKO_*, proxies), the folder it starts from, a signal that stops it, and listeners for
 * what it has to say. Operations never print: the CLI, a script or the gallery listen.
 */

/** How much a message matters: `info` for a person, `detail` for --verbose, `warn` always. */
export type LogLevel = 'info' | 'detail' | 'warn';

export interface OperationContext {
  env: Record<string, string | undefined>;
  cwd: string;
  signal?: AbortSignal;
  /** A line for a person (the CLI prints it on stderr by its level). */
  onLog: (level: LogLevel, message: string) => void;
}

/** Says something to whoever listens. */
export function log(octx: OperationContext, level: LogLevel, message: string): void {
  octx.onLog(level, message);
}
