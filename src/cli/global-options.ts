/** The conventions every command shares: --version, --quiet, --verbose, and "unknown command … Did you mean …?". */
import diagnostics from 'node:diagnostics_channel';
import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { nearest } from '../manifest/suggest.js';
import { CliError, type CliContext } from './context.js';
import { ExitCode } from '../operations/exit-codes.js';

/** This package's version, from its package.json (dist/cli/ and src/cli/ are both two levels down). */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return String(pkg.version);
}

/**
 * Adds -V/--version, -q/--quiet and --verbose to the program; before each command runs, the
 * verbosity is set on `ctx`, and with --verbose every HTTP request is logged. Returns the cleanup.
 */
export function addGlobalOptions(program: Command, ctx: CliContext): () => void {
  let stopLogging = (): void => undefined;
  program
    .version(packageVersion(), '-V, --version', 'print the version of masko-sync')
    .addOption(new Option('-q, --quiet', 'print only errors and the final summary').conflicts('verbose'))
    .option('--verbose', 'also print every HTTP request and the embedded emulator\'s log')
    .hook('preAction', (_program, action) => {
      const o = action.optsWithGlobals<{ quiet?: boolean; verbose?: boolean }>();
      ctx.verbosity = o.quiet ? 'quiet' : o.verbose ? 'verbose' : 'normal';
      if (o.verbose) stopLogging = logRequests(ctx);
    });
  // Each command's --help lists these too (the commands exist already, so they do not inherit it).
  for (const command of [program, ...program.commands]) command.configureHelp({ showGlobalOptions: true });
  return () => stopLogging();
}

/**
 * `masko-sync snyc` would otherwise run the default command (sync) with an extra argument. The first
 * word that is not an option (nor an option's value) must name a command; throws a usage error if not.
 */
export function rejectUnknownCommand(program: Command, argv: readonly string[]): void {
  // Any command's option may come before the command's name: skip the values of all of them.
  const takesValue = new Set<string>();
  for (const o of [...program.options, ...program.commands.flatMap((c) => c.options)]) {
    if (o.required || o.optional) for (const flag of [o.short, o.long]) if (flag) takesValue.add(flag);
  }
  const names = program.commands.flatMap((c) => [c.name(), ...c.aliases()]).concat('help');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') return;
    if (arg.startsWith('-')) {
      if (!arg.includes('=') && takesValue.has(arg)) i++;
      continue;
    }
    if (names.includes(arg)) return;
    const guess = nearest(arg, names.filter((n) => n !== 'help'));
    throw new CliError(`unknown command '${arg}'.${guess ? ` Did you mean '${guess}'?` : ''} See \`masko-sync --help\` for the commands.`, ExitCode.invalid);
  }
}

interface UndiciRequest {
  method: string;
  origin: string;
  path: string;
}

/** Logs each request (method, URL without its query, status, time) from undici's diagnostics channels. */
function logRequests(ctx: CliContext): () => void {
  const started = new WeakMap<object, number>();
  const url = (r: UndiciRequest) => `${r.method} ${r.origin}${r.path.split('?')[0]}`;
  const onCreate = (m: unknown) => void started.set((m as { request: object }).request, performance.now());
  const onHeaders = (m: unknown) => {
    const { request, response } = m as { request: UndiciRequest; response: { statusCode: number } };
    const ms = Math.round(performance.now() - (started.get(request) ?? performance.now()));
    ctx.stderr(`http: ${url(request)} → ${response.statusCode} (${ms} ms)\n`);
  };
  const onError = (m: unknown) => {
    const { request, error } = m as { request: UndiciRequest; error: Error };
    ctx.stderr(`http: ${url(request)} → ${error.message}\n`);
  };
  diagnostics.subscribe('undici:request:create', onCreate);
  diagnostics.subscribe('undici:request:headers', onHeaders);
  diagnostics.subscribe('undici:request:error', onError);
  return () => {
    diagnostics.unsubscribe('undici:request:create', onCreate);
    diagnostics.unsubscribe('undici:request:headers', onHeaders);
    diagnostics.unsubscribe('undici:request:error', onError);
  };
}
