/**
 * Diagnostics as GitHub Actions workflow commands (`::error file=…,line=…,col=…::CODE message`), which
 * the runner reads from stdout and shows as annotations on the pull request's lines. On when
 * GITHUB_ACTIONS=true or with `validate --format github`; never with --json (stdout stays JSON).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { RenderedDiagnostic } from '../model/diagnostic.js';
import { CliError, type CliContext } from './context.js';
import { ExitCode } from '../operations/exit-codes.js';

/** The values of `validate --format`. */
export const FORMATS = ['human', 'github'] as const;
export type Format = (typeof FORMATS)[number];

/** Whether to print annotations: `--format` when given, else GitHub Actions' own variable. */
export function annotationsWanted(ctx: CliContext, format?: string): boolean {
  if (format !== undefined && !(FORMATS as readonly string[]).includes(format)) {
    throw new CliError(`--format must be one of ${FORMATS.join(', ')}, got ${JSON.stringify(format)}`, ExitCode.invalid);
  }
  if (ctx.json) {
    if (format === 'github') throw new CliError('--format github and --json both want stdout: pick one', ExitCode.invalid);
    return false;
  }
  return format === undefined ? ctx.env.GITHUB_ACTIONS === 'true' : format === 'github';
}

/**
 * A file as the runner wants it: relative to the repository root, which is GITHUB_WORKSPACE on a
 * runner, else the nearest folder above the file holding `.git`, else the working folder.
 */
export function repositoryPath(ctx: CliContext, absPath: string): string {
  const workspace = ctx.env.GITHUB_WORKSPACE?.trim();
  const root = workspace ? path.resolve(ctx.cwd, workspace) : (gitRoot(path.dirname(absPath)) ?? ctx.cwd);
  return path.relative(root, absPath).split(path.sep).join('/');
}

function gitRoot(from: string): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** One workflow command per diagnostic (`::error` or `::warning`), each ending in a newline. */
export function githubAnnotations(diagnostics: RenderedDiagnostic[], file: string): string {
  return diagnostics
    .map((d) => `::${d.severity} file=${property(file)},line=${d.line},col=${d.column}::${data(`${d.code} ${d.message}`)}\n`)
    .join('');
}

// The runner's escaping: data keeps ':' and ','; property values escape them too.
function data(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function property(text: string): string {
  return data(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
