/** `masko-sync emulator` flags → emulator options; bad values are usage errors (exit 4). Loaded only when the command runs. */
import { isDialect } from '../emulator/dialects/index.js';
import { DIALECTS } from '../emulator/dialects/types.js';
import { parseDuration, parseLatency, parseRateLimit, parseTimeScale } from '../emulator/flag-values.js';
import { DEFAULT_KEY, DEFAULT_LATENCY_MS, KEY_PATTERN, LATENCY_KINDS, type EmulatorOptions } from '../emulator/options.js';
import { PLANS, type Flags } from './commands/emulator.js';
import { CliError } from './context.js';
import { ExitCode } from '../operations/exit-codes.js';

/** Flags → options; bad values are usage errors (exit 4). */
export function toOptions(f: Flags): EmulatorOptions {
  const key = f.key ?? DEFAULT_KEY;
  if (!KEY_PATTERN.test(key)) usage(`--key must be masko_ followed by 64 lowercase hex digits`);
  if (!(PLANS as readonly string[]).includes(f.plan)) usage(`--plan must be one of ${PLANS.join(', ')}, got ${JSON.stringify(f.plan)}`);
  if (f.media !== 'real' && f.media !== 'fallback') usage(`--media must be real or fallback, got ${JSON.stringify(f.media)}`);
  if (!isDialect(f.dialect)) usage(`--dialect must be one of ${DIALECTS.join(', ')}, got ${JSON.stringify(f.dialect)}`);
  const o: EmulatorOptions = {
    port: int('--port', f.port, 0, 65535),
    host: f.host,
    key,
    credits: int('--credits', f.credits, 0, Number.MAX_SAFE_INTEGER),
    plan: f.plan as (typeof PLANS)[number],
    media: f.media,
    dialect: f.dialect,
    faults: {
      failPromptsContaining: f.failPrompt,
    },
  };
  if (f.latency !== undefined) o.latencyMs = flagValue(() => parseLatency('--latency', f.latency!));
  if (f.seed !== undefined) o.seed = int('--seed', f.seed, 0, Number.MAX_SAFE_INTEGER);
  if (f.dataDir !== undefined) o.dataDir = f.dataDir;
  if (f.longPollLimit !== undefined) o.longPollLimitMs = int('--long-poll-limit', f.longPollLimit, 0, 60_000);
  if (f.rateLimit !== undefined) o.rateLimit = flagValue(() => parseRateLimit('--rate-limit', f.rateLimit!));
  if (f.timeScale !== undefined) o.timeScale = flagValue(() => parseTimeScale('--time-scale', f.timeScale!));
  if (f.cdnLag !== undefined) o.cdnLagMs = flagValue(() => parseDuration('--cdn-lag', f.cdnLag!));
  if (f.idempotency !== undefined) o.idempotency = f.idempotency;
  const faults = o.faults!;
  if (f.faultJobFailure !== undefined) faults.jobFailureRate = prob('--fault-job-failure', f.faultJobFailure);
  if (f.fault5xx !== undefined) faults.serverErrorRate = prob('--fault-5xx', f.fault5xx);
  if (f.fault429 !== undefined) faults.rateLimitRate = prob('--fault-429', f.fault429);
  if (f.faultRetryAfter !== undefined) faults.retryAfterSeconds = int('--fault-retry-after', f.faultRetryAfter, 0, 3600);
  if (f.faultDrop !== undefined) faults.dropConnectionRate = prob('--fault-drop', f.faultDrop);
  if (f.faultTruncate !== undefined) faults.truncateCdnRate = prob('--fault-truncate', f.faultTruncate);
  if (f.faultLoseResponse !== undefined) faults.loseResponseRate = prob('--fault-lose-response', f.faultLoseResponse);
  return o;
}

/** A parsed flag value; a parser's Error is a usage error. */
function flagValue<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    return usage((err as Error).message);
  }
}

function usage(message: string): never {
  throw new CliError(message, ExitCode.invalid);
}

function int(flag: string, v: string, min: number, max: number): number {
  if (!/^\d+$/.test(v.trim())) usage(`${flag} must be a whole number ${min}–${max}, got ${JSON.stringify(v)}`);
  const n = Number(v);
  if (n < min || n > max) usage(`${flag} must be a whole number ${min}–${max}, got ${n}`);
  return n;
}

function prob(flag: string, v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) usage(`${flag} must be a probability between 0 and 1, got ${JSON.stringify(v)}`);
  return n;
}

/**
 * The start banner's lines for the limits and timing the flags set (none when left at their
 * defaults), so that a user sees what the server plays: `Rate limit: 30/min per key`, …
 */
export function describeTiming(o: EmulatorOptions): string[] {
  const lines: string[] = [];
  const limits = [o.rateLimit?.perMinute ? `${o.rateLimit.perMinute}/min` : '', o.rateLimit?.perHour ? `${o.rateLimit.perHour}/h` : ''].filter(Boolean);
  if (limits.length > 0) lines.push(`Rate limit: ${limits.join(' and ')} per key`);
  const l = o.latencyMs;
  if (typeof l === 'number') lines.push(`Job latency: ${duration(l)}`);
  else if (l !== undefined) {
    const named = LATENCY_KINDS.filter((k) => l[k] !== undefined);
    const rest = LATENCY_KINDS.length - named.length;
    lines.push(`Job latency: ${named.map((k) => `${k} ${duration(l[k]!)}`).join(', ')}${rest > 0 ? ` (others ${duration(DEFAULT_LATENCY_MS)})` : ''}`);
  }
  if (o.timeScale !== undefined && o.timeScale !== 1) lines.push(`Time scale: ${o.timeScale}× (an emulated minute takes ${duration(60_000 / o.timeScale)})`);
  return lines;
}

function duration(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms >= 1000) return `${Number((ms / 1000).toFixed(3))}s`;
  return `${Number(ms.toFixed(1))}ms`;
}
