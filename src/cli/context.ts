/** What a CLI command gets from the outside world; tests pass their own. */
import type { Command } from 'commander';

/** The default manifest file name, relative to the working folder. */
export const DEFAULT_MANIFEST_FILE = 'masko.yaml';

export interface CliContext {
  /** Machine output (JSON, plans); never logs. */
  stdout: (text: string) => void;
  /** Logs and human messages. */
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Whether stderr is an interactive terminal (live views, colours). */
  isTTY: boolean;
  /** Set by a command's action; returned by main(). */
  exitCode: number;
  /** Aborted on SIGINT/SIGTERM (first signal). */
  signal: AbortSignal;
}

/** Each file under commands/ exports one of these; main.ts calls them all. */
export type RegisterCommand = (program: Command, ctx: CliContext) => void;

/** Thrown for usage errors (exit 4) and other expected failures; caught once in main.ts. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CliError';
  }
}
