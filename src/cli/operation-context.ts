/** The CLI as an operation's caller: its environment and signal, and its stderr for what operations say. */
import type { OperationContext } from '../operations/context.js';
import type { CliContext } from './context.js';
import { detail, info } from './output.js';

/** The OperationContext of a CLI run: logs go to stderr by level (--quiet, --verbose). */
export function operationContext(ctx: CliContext): OperationContext {
  return {
    env: ctx.env,
    cwd: ctx.cwd,
    signal: ctx.signal,
    onLog: (level, message) => (level === 'detail' ? detail(ctx, message) : level === 'warn' ? ctx.stderr(message + '\n') : info(ctx, message)),
  };
}
