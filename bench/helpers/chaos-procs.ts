/** Child processes of the chaos campaign: the emulator (`masko-sync emulator`) and the CLI, both from bin/. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (bench/helpers/../..). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(ROOT, 'bin', 'masko-sync.js');

/** Environment without the caller's MASKO_* variables, no colours. */
function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('MASKO_') && k !== 'NODE_OPTIONS') env[k] = v;
  return { ...env, NO_COLOR: '1', CI: '1', ...extra };
}

/** A running emulator process. */
export interface EmulatorProcess {
  url: string;
  port: number;
  key: string;
  /** Stops it with `signal` and resolves when it has exited. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Its stderr so far. */
  log(): string;
}

export interface EmulatorSpawnOptions {
  /** 0 for a free port; a restart passes the port it had. */
  port: number;
  dataDir: string;
  seed: number;
  /** Extra flags (faults). */
  flags: string[];
}

/** Starts `masko-sync emulator` and resolves once it listens; retries a port still held by the previous process. */
export async function startEmulatorProcess(o: EmulatorSpawnOptions): Promise<EmulatorProcess> {
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < 30; attempt++) {
    try {
      return await startOnce(o);
    } catch (err) {
      lastError = err as Error;
      if (!/EADDRINUSE/.test(lastError.message)) throw lastError;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw lastError!;
}

function startOnce(o: EmulatorSpawnOptions): Promise<EmulatorProcess> {
  const args = [BIN, 'emulator', '--port', String(o.port), '--data-dir', o.dataDir, '--seed', String(o.seed), '--latency', '40', '--media', 'fallback', '--credits', '1000', ...o.flags];
  const child = spawn(process.execPath, args, { cwd: ROOT, env: baseEnv({}), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the emulator did not start within 20 s:\n${stderr}`));
    }, 20_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`the emulator exited (${code}) before listening:\n${stderr}`));
    });
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      const url = /listening on (http:\/\/[^\s]+) /.exec(stdout)?.[1];
      const key = /API key: (masko_[0-9a-f]{64})/.exec(stdout)?.[1];
      if (!url || !key) return;
      clearTimeout(timer);
      resolve({
        url,
        key,
        port: Number(new URL(url).port),
        log: () => stderr,
        async stop(signal = 'SIGTERM') {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          await exited;
        },
      });
    });
  });
}

/** How one CLI run ended. */
export interface CliOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** A started CLI run. */
export interface CliRun {
  child: ChildProcess;
  done: Promise<CliOutcome>;
  /** Whether it has ended. */
  ended(): boolean;
}

/** Runs `masko-sync sync` (or `args`) in `cwd` against `api`; with `killAfterMs`, SIGKILLs it then (if still running). */
export function runCli(cwd: string, api: { url: string; key: string }, killAfterMs?: number, args: string[] = ['sync']): CliRun {
  const start = Date.now();
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: baseEnv({ MASKO_API_URL: api.url, MASKO_API_KEY: api.key }), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let over = false;
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  // A hung CLI would hang the campaign: two minutes is far beyond any run here.
  const guard = setTimeout(() => child.kill('SIGKILL'), 120_000);
  const done = new Promise<CliOutcome>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      over = true;
      clearTimeout(timer);
      clearTimeout(guard);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - start });
    });
  });
  return { child, done, ended: () => over };
}
