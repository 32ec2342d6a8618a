/** The CLI entry: parses argv and dispatches. The only module tree that prints or exits. */
import { setMaxListeners } from 'node:events';
import { Command, CommanderError } from 'commander';
import { CliError, type CliContext, type RegisterCommand } from './context.js';
import { ExitCode } from '../operations/exit-codes.js';
import { addGlobalOptions, rejectUnknownCommand } from './global-options.js';
import { addSecret, redacting } from './redact.js';
import { InvalidManifestError } from '../operations/errors.js';
import { renderInvalidManifest } from './render-diagnostics.js';
import { register as registerValidate } from './commands/validate.js';
import { register as registerInit } from './commands/init.js';
import { register as registerEmulator } from './commands/emulator.js';
import { register as registerSync } from './commands/sync.js';
import { register as registerPlan } from './commands/plan.js';
import { register as registerExplain } from './commands/explain.js';
import { register as registerWatch } from './commands/watch.js';
import { register as registerPreview } from './commands/preview.js';
import { register as registerDoctor } from './commands/doctor.js';
import { register as registerImport } from './commands/import.js';

const commands: RegisterCommand[] = [registerSync, registerValidate, registerInit, registerEmulator, registerPlan, registerExplain, registerWatch, registerPreview, registerDoctor, registerImport];

/** Runs the CLI with the given arguments and resolves to the process exit code. */
export async function main(argv: string[], overrides: Partial<CliContext> = {}): Promise<number> {
  const abort = new AbortController();
  const ctx: CliContext = {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
    isTTY: Boolean(process.stderr.isTTY),
    // A caller that captures stdout (tests) has no terminal there.
    stdoutIsTTY: !overrides.stdout && Boolean(process.stdout.isTTY),
    json: argv.includes('--json'),
    exitCode: 0,
    signal: abort.signal,
    ...overrides,
  };
  // Whatever a server echoes (an Authorization header quoted in an error), the key is never printed.
  addSecret(ctx.env.MASKO_API_KEY);
  ctx.stdout = redacting(ctx.stdout);
  ctx.stderr = redacting(ctx.stderr);
  // Every in-flight request, poll and download listens to this signal: hundreds at once are expected.
  setMaxListeners(0, ctx.signal);
  const program = new Command();
  program
    .name('masko-sync')
    .description('Make your mascot assets match masko.yaml: validate, plan, sync.')
    .exitOverride()
    .configureOutput({ writeOut: ctx.stdout, writeErr: ctx.stderr });
  for (const register of commands) register(program, ctx);
  const removeGlobals = addGlobalOptions(program, ctx);
  const removeSignals = overrides.signal ? () => undefined : onSignals(abort, ctx);
  try {
    rejectUnknownCommand(program, argv);
    await program.parseAsync(argv, { from: 'user' });
    return ctx.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit 0; usage errors are exit 4 (commander has printed the message on stderr).
      if (err.exitCode === 0) return 0;
      if (argv.includes('--json')) ctx.stdout(JSON.stringify({ event: 'error', exit_code: ExitCode.invalid, message: err.message.replace(/^error: /, '') }) + '\n');
      return ExitCode.invalid;
    }
    if (err instanceof InvalidManifestError) await renderInvalidManifest(ctx, err);
    if (err instanceof CliError) {
      ctx.stderr(`error: ${err.message}\n`);
      // Scripts reading --json get a final object even when the command stops early.
      if (argv.includes('--json')) ctx.stdout(JSON.stringify({ event: 'error', exit_code: err.exitCode, message: err.message }) + '\n');
      return err.exitCode;
    }
    const interrupted = ctx.signal.aborted;
    const message = interrupted ? 'interrupted' : err instanceof Error ? err.message : String(err);
    const code = interrupted ? ExitCode.interrupted : ExitCode.failure;
    if (!interrupted) ctx.stderr(`error: ${message}\n`);
    if (argv.includes('--json')) ctx.stdout(JSON.stringify({ event: 'error', exit_code: code, message }) + '\n');
    return code;
  } finally {
    removeGlobals();
    removeSignals();
  }
}

const lateExit = (): never => process.exit(ExitCode.interrupted);

/** First Ctrl-C: stop starting new work, save, exit 130. Second: leave at once (the lock on disk is always whole). */
function onSignals(abort: AbortController, ctx: CliContext): () => void {
  const handler = (signal: NodeJS.Signals) => {
    if (abort.signal.aborted) {
      ctx.stderr(`\n${signal} again: stopping now.\n`);
      process.exit(ExitCode.interrupted);
    }
    ctx.stderr(`\n${signal}: stopping: no new work starts, state is saved (press Ctrl-C again to stop at once)\n`);
    abort.abort(new Error(`interrupted by ${signal}`));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    // The command is over but the process may still be closing sockets: a signal now ends it at once,
    // with the documented code rather than the signal's default death. The new listener goes on
    // before the old one comes off, so there is never a moment with none (the OS default would kill).
    // Installed once per process: a script or test that calls main() many times keeps one, not one per call.
    // `on`, never `once`: a once listener comes off before it runs, and with no listener left Node gives
    // the signal back to the OS default, so a Ctrl-C during process.exit killed the process by the signal.
    if (!process.listeners('SIGINT').includes(lateExit)) process.on('SIGINT', lateExit);
    if (!process.listeners('SIGTERM').includes(lateExit)) process.on('SIGTERM', lateExit);
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
