/** What a CLI command gets from the outside world; tests pass their own. */
import type { Command } from 'commander';
import type { Verbosity } from './output.js';

export { DEFAULT_MANIFEST_FILE } from '../operations/find-manifest.js';
/** Usage errors (exit 4) and other expected stops: the operations' error, caught once in main.ts. */
export { OperationError as CliError } from '../operations/errors.js';

/** Help of every command's -f: without it the manifest is found from the working folder up (find-manifest.ts). */
export const FILE_OPTION_HELP = 'the manifest (default: masko.yaml here or in the nearest parent folder, up to the repository root)';

export interface CliContext {
  /** Machine output (JSON, plans); never logs. */
  stdout: (text: string) => void;
  /** Logs and human messages. */
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Whether stderr is an interactive terminal (live views, colours on stderr). */
  isTTY: boolean;
  /** Whether stdout is an interactive terminal (colours on stdout); false when unset. */
  stdoutIsTTY?: boolean;
  /** Whether the command was given --json (stdout is then machine output only). */
  json?: boolean;
  /** --quiet / --verbose; normal when unset. */
  verbosity?: Verbosity;
  /** Set by a command's action; returned by main(). */
  exitCode: number;
  /** Aborted on SIGINT/SIGTERM (first signal). */
  signal: AbortSignal;
}

/** Each file under commands/ exports one of these; main.ts calls them all. */
export type RegisterCommand = (program: Command, ctx: CliContext) => void;

