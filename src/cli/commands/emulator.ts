/** `masko-sync emulator`: serves the local Masko API emulator until SIGINT/SIGTERM. */
// Only names and types at start-up: the emulator's modules load when the command runs (not for `plan`).
import { DIALECTS } from '../../emulator/dialects/types.js';
import type { EmulatorOptions } from '../../emulator/options.js';
import type { RunningEmulator } from '../../emulator-entry.js';
import { CliError, type CliContext, type RegisterCommand } from '../context.js';
import { ExitCode } from '../../operations/exit-codes.js';

/** The plans `--plan` takes. */
export const PLANS = ['free', 'starter', 'pro', 'business'] as const;

/** The `emulator` command's flags as commander parses them. */
export interface Flags {
  port: string;
  host: string;
  key?: string;
  credits: string;
  plan: string;
  latency?: string;
  seed?: string;
  dataDir?: string;
  longPollLimit?: string;
  rateLimit?: string;
  media: string;
  faultJobFailure?: string;
  fault5xx?: string;
  fault429?: string;
  faultRetryAfter?: string;
  faultDrop?: string;
  faultTruncate?: string;
  faultLoseResponse?: string;
  failPrompt: string[];
  dialect: string;
  idempotency?: boolean;
  cdnLag?: string;
  timeScale?: string;
}

/** Registers the `emulator` command. */
export const register: RegisterCommand = (program, ctx) => {
  program
    .command('emulator')
    .description('Run a local Masko API emulator (API under /v1, CDN under /cdn) until stopped')
    .option('--port <n>', 'port to listen on (0 = random free port)', '8787')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--key <key>', 'API key the emulator accepts (masko_ + 64 hex; default: the documented test key)')
    .option('--credits <n>', 'starting balance', '1000')
    .option('--plan <plan>', `plan of the key (${PLANS.join('|')})`, 'pro')
    .option('--dialect <name>', `which documented variant of the API to answer as (${DIALECTS.join('|')})`, 'reference')
    .option('--latency <spec>', 'job latency: 300, 8s, or per kind image=8s,animation=60s,edit=5s,logo=10s,transition=45s (default 300ms)')
    .option('--seed <n>', 'seed for ids and faults (reproducible runs)')
    .option('--data-dir <dir>', 'persist state here across restarts')
    .option('--long-poll-limit <ms>', 'longest ?wait=true hold in milliseconds (default 25000, max 60000)')
    .option('--rate-limit <spec>', 'requests per key: 60 (per minute), 60/min, 1000/h or 60/min,1000/h (default: unlimited)')
    .option('--time-scale <x>', 'run every emulated duration x times faster (default 1)')
    .option('--cdn-lag <ms>', 'after a job completes, the CDN serves the placeholder this much longer (e.g. 2s)')
    .option('--idempotency', 'honour Idempotency-Key (default: only the reference and seed dialects do)')
    .option('--no-idempotency', 'ignore Idempotency-Key')
    .option('--media <mode>', 'real (resvg + ffmpeg) or fallback (no ffmpeg)', 'real')
    .option('--fault-job-failure <p>', 'probability a job fails (credits refunded)')
    .option('--fault-5xx <p>', 'probability an API request answers 500')
    .option('--fault-429 <p>', 'probability an API request answers 429')
    .option('--fault-retry-after <s>', 'Retry-After seconds of injected 429s (default 1)')
    .option('--fault-drop <p>', 'probability an API request has its connection dropped')
    .option('--fault-truncate <p>', 'probability a CDN download is cut short')
    .option('--fault-lose-response <p>', 'probability a generate / generate-batch is processed and charged, then its answer lost')
    .option('--fail-prompt <text>', 'jobs whose prompt contains this text fail (repeatable)', collect, [])
    .action(async (flags: Flags) => {
      const { toOptions, describeTiming } = await import('../emulator-flags.js');
      const options = toOptions(flags);
      await serve(options, describeTiming(options), ctx);
    });
};

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

async function serve(options: EmulatorOptions, timing: string[], ctx: CliContext): Promise<void> {
  let emu: RunningEmulator;
  try {
    const { startEmulator } = await import('../../emulator-entry.js');
    emu = await startEmulator({ ...options, log: (line) => ctx.stderr(`${line}\n`) });
  } catch (err) {
    throw new CliError(`emulator could not start: ${(err as Error).message}`, ExitCode.failure, { cause: err });
  }
  ctx.stdout(
    `Masko emulator listening on ${emu.url} (API ${emu.url}/v1, CDN ${emu.url}/cdn)\n` +
      `Dialect: ${emu.dialect}\n` +
      timing.map((l) => `${l}\n`).join('') +
      `API key: ${emu.key}\n` +
      `Use it:  MASKO_API_URL=${emu.url} MASKO_API_KEY=${emu.key} masko-sync …\n` +
      `Stop with Ctrl-C.\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      ctx.signal.removeEventListener('abort', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    ctx.signal.addEventListener('abort', stop, { once: true });
    if (ctx.signal.aborted) stop();
  });
  await emu.close();
  ctx.stderr('emulator stopped\n');
}
