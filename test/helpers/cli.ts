/** Spawns the built CLI (`node bin/masko-sync.js`) as a user would, with a clean environment. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (test/helpers/../..). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(ROOT, 'bin', 'masko-sync.js');

export interface CliResult {
  /** Exit code, or null when killed by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd: string;
  /** Added to a clean environment (no MASKO_* variables from the caller's shell). */
  env?: Record<string, string | undefined>;
}

/** A running CLI process: wait for stderr text, send signals, await the result. */
export interface CliProcess {
  child: ChildProcess;
  result: Promise<CliResult>;
  /** Resolves once stderr (so far) matches `pattern`; rejects if the process ends first. */
  waitForStderr(pattern: RegExp): Promise<void>;
  stderrSoFar(): string;
}

/** Throws a clear message when dist/ was not built (npm test builds it first). */
export function assertBuilt(): void {
  if (!existsSync(path.join(ROOT, 'dist', 'cli', 'main.js'))) {
    throw new Error('dist/cli/main.js is missing: run `npm run build` (npm test does it) before the sync tests');
  }
}

/** Environment for a child: the caller's, minus MASKO_*, GITHUB_*, proxies and FORCE_COLOR, plus `extra`; no colours, no TTY view. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  // Nor what would change the CLI's output or route behind the test's back: colours, GitHub annotations, proxies.
  const outside = /^(MASKO_|GITHUB_|FORCE_COLOR$|NODE_OPTIONS$|(HTTPS?|NO|ALL)_PROXY$)/i;
  for (const [k, v] of Object.entries(process.env)) if (!outside.test(k)) env[k] = v;
  env.NO_COLOR = '1';
  env.CI = '1';
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** Starts the CLI and returns a handle on it. */
export function spawnCli(args: string[], options: CliOptions): CliProcess {
  assertBuilt();
  const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env: cleanEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const watchers: Array<{ pattern: RegExp; resolve: () => void; reject: (e: Error) => void }> = [];
  const check = () => {
    for (const w of [...watchers]) {
      if (w.pattern.test(stderr)) {
        watchers.splice(watchers.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    check();
  });
  const result = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      for (const w of watchers.splice(0)) w.reject(new Error(`the CLI ended (code ${code}, signal ${signal}) before stderr matched ${w.pattern}:\n${stderr}`));
      resolve({ code, signal, stdout, stderr });
    });
  });
  return {
    child,
    result,
    stderrSoFar: () => stderr,
    waitForStderr(pattern) {
      if (pattern.test(stderr)) return Promise.resolve();
      if (child.exitCode !== null || child.signalCode !== null) return Promise.reject(new Error(`the CLI already ended before stderr matched ${pattern}`));
      return new Promise((resolve, reject) => watchers.push({ pattern, resolve, reject }));
    },
  };
}

/** Runs the CLI to its end. */
export function runCli(args: string[], options: CliOptions): Promise<CliResult> {
  return spawnCli(args, options).result;
}
