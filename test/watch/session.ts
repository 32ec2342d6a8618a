/** An in-process `watch` session for tests: a context with captured output, an abort, and waits on output. */
import { runWatch, type WatchFlags, type WatchOptions } from '../../src/cli/run-watch.js';
import type { CliContext } from '../../src/cli/context.js';

export interface WatchSession {
  url: string;
  /** stderr so far. */
  stderr(): string;
  /** stdout so far. */
  stdout(): string;
  /** Outcomes of the runs so far, in order. */
  outcomes: string[];
  /** Resolves once `count` runs have ended (rejects if the session ends first). */
  runs(count: number): Promise<void>;
  /** Resolves when stderr matches. */
  waitForStderr(pattern: RegExp): Promise<void>;
  /** Ctrl-C: resolves to the exit code. */
  stop(): Promise<number>;
  /** The most runs ever in flight at once (must stay 1). */
  maxConcurrent(): number;
  /** Runs in flight now (0 or 1). */
  running(): number;
}

/** Starts runWatch in `dir` with `env`; resolves once the gallery serves. */
export async function startWatch(dir: string, env: Record<string, string>, flags: Partial<WatchFlags> = {}, options: WatchOptions = {}): Promise<WatchSession> {
  const abort = new AbortController();
  const outcomes: string[] = [];
  let url = '';
  let inFlight = 0;
  let maxInFlight = 0;
  let err = '';
  let out = '';
  const waiters: Array<() => void> = [];
  const poke = () => waiters.splice(0).forEach((w) => w());
  const ctx: CliContext = {
    stdout: (t) => ((out += t), poke()),
    stderr: (t) => {
      // A run starts with its header line and ends at onRunEnd: count the overlap.
      if (/^\n\[\d\d:\d\d:\d\d\] /.test(t)) maxInFlight = Math.max(maxInFlight, ++inFlight);
      err += t;
      poke();
    },
    env: { ...env, NO_COLOR: '1', CI: '1' },
    cwd: dir,
    isTTY: false,
    exitCode: 0,
    signal: abort.signal,
  };
  let ended = false;
  const done = runWatch(
    ctx,
    // A short quiet period keeps these tests quick; the burst tests set their own.
    { port: 0, preview: false, maxCredits: 25, emulator: false, json: false, quietMs: 150, ...flags },
    {
      debounceMs: 30,
      settleMs: 40,
      ...options,
      onReady: (info) => {
        url = info.url;
        poke();
        options.onReady?.(info);
      },
      onRunEnd: (info) => {
        inFlight--;
        outcomes.push(info.outcome);
        poke();
        options.onRunEnd?.(info);
      },
    },
  ).finally(() => {
    ended = true;
    poke();
  });
  const until = (ok: () => boolean, what: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (ok()) return resolve();
        if (ended) return reject(new Error(`the watch session ended before ${what}:\n${err}`));
        waiters.push(check);
      };
      check();
    });
  await until(() => url !== '', 'the gallery served');
  return {
    url,
    stderr: () => err,
    stdout: () => out,
    outcomes,
    runs: (count) => until(() => outcomes.length >= count, `${count} runs ended`),
    waitForStderr: (pattern) => until(() => pattern.test(err), `stderr matched ${pattern}`),
    async stop() {
      abort.abort(new Error('interrupted by SIGINT'));
      return done;
    },
    maxConcurrent: () => maxInFlight,
    running: () => inFlight,
  };
}
