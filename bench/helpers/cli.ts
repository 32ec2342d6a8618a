/** Spawns the built CLI (`node bin/masko-sync.js`) and records its output with arrival times, for the benches. */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { GNU_TIME, haveGnuTime, parseGnuTimeMaxRss, pollRss } from './rss.js';

/** The repository root (bench/helpers/../..). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The CLI launcher the benches measure. */
export const BIN = path.join(ROOT, 'bin', 'masko-sync.js');

/** One stderr or stdout line and when it arrived (ms since the spawn). */
export interface TimedLine {
  t: number;
  stream: 'stdout' | 'stderr';
  text: string;
}

/** What a CLI run produced. */
export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Spawn time (epoch ms), to line up with timestamps taken elsewhere. */
  startedAt: number;
  /** Spawn to exit, ms. */
  wallMs: number;
  lines: TimedLine[];
  /** Peak RSS of the CLI process (bytes), when `measureRss` was asked for. */
  rss?: { gnuTimeBytes?: number; polledBytes: number; pollSamples: number };
}

/** Runs the CLI (`bin`, default BIN) with `args` in `cwd`; env is added to a minimal copy of the bench's own (no TTY, no colour). */
export async function runCli(args: string[], opts: { cwd: string; env?: Record<string, string>; measureRss?: boolean; bin?: string }): Promise<CliRun> {
  const wrap = opts.measureRss && haveGnuTime();
  const reportDir = wrap ? mkdtempSync(path.join(os.tmpdir(), 'masko-bench-time-')) : undefined;
  const report = reportDir ? path.join(reportDir, 'time.txt') : undefined;
  // BENCH_NODE_ARGS: extra flags for the CLI's node (`--cpu-prof`, say), to see where a figure's time goes.
  const argv = [...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []), opts.bin ?? process.env.BENCH_BIN ?? BIN, ...args];
  const startedAt = Date.now();
  const t0 = performance.now();
  const child = spawn(report ? GNU_TIME : process.execPath, report ? ['-v', '-o', report, process.execPath, ...argv] : argv, {
    cwd: opts.cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? opts.cwd, NO_COLOR: '1', CI: '1', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const poller = opts.measureRss && child.pid !== undefined ? pollRss(child.pid, { child: Boolean(report) }) : undefined;
  const lines: TimedLine[] = [];
  const collect = (stream: 'stdout' | 'stderr') =>
    new Promise<void>((resolve) => {
      const rl = createInterface({ input: child[stream] });
      rl.on('line', (text) => lines.push({ t: performance.now() - t0, stream, text }));
      rl.on('close', resolve);
    });
  const streams = Promise.all([collect('stdout'), collect('stderr')]);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (c, s) => resolve([c, s]));
  });
  const wallMs = performance.now() - t0;
  const polled = poller?.stop();
  await streams;
  let gnuTimeBytes: number | undefined;
  if (report && reportDir) {
    gnuTimeBytes = parseGnuTimeMaxRss(readFileSync(report, 'utf8'));
    rmSync(reportDir, { recursive: true, force: true });
  }
  const rss = polled ? { ...(gnuTimeBytes !== undefined ? { gnuTimeBytes } : {}), polledBytes: polled.peakBytes, pollSamples: polled.samples } : undefined;
  return { code, signal, startedAt, wallMs, lines, ...(rss ? { rss } : {}) };
}

/** Throws when dist/ is missing, and warns when a src file is newer than it (the bench would measure old code). */
export function assertBuilt(): void {
  const main = path.join(ROOT, 'dist', 'cli', 'main.js');
  if (!existsSync(main)) throw new Error('dist/ is missing: run `npm run build` before the benches');
  const built = statSync(main).mtimeMs;
  const newer = newestMtime(path.join(ROOT, 'src'));
  if (newer > built) process.stderr.write('bench: warning: src/ is newer than dist/; run `npm run build` to measure the current code\n');
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** The tail of a run's output, for error messages when a bench run fails. */
export function tail(run: CliRun, n = 15): string {
  return run.lines.slice(-n).map((l) => `  ${l.stream}: ${l.text}`).join('\n');
}
