/** Emulator options, their defaults, and the checks that turn bad values into clear errors. */
import type { Plan } from '../api/wire.js';
import { dialectNamed, type Dialect } from './dialects/index.js';

/** Job latency kinds: each generation kind can be slowed down separately. */
export type LatencyKind = 'image' | 'animation' | 'edit' | 'logo' | 'transition';
export const LATENCY_KINDS: readonly LatencyKind[] = ['image', 'animation', 'edit', 'logo', 'transition'];
export const PLANS: readonly Plan[] = ['free', 'starter', 'pro', 'business'];

/** The emulator's documented default test key (not a secret: it only opens the local emulator). */
export const DEFAULT_KEY = 'masko_' + 'deadbeef'.repeat(8);
/** Masko API key format. */
export const KEY_PATTERN = /^masko_[0-9a-f]{64}$/;

/** Fault injection knobs; rates are probabilities 0–1 drawn from the seeded generator. */
export interface FaultOptions {
  jobFailureRate?: number;
  serverErrorRate?: number;
  rateLimitRate?: number;
  retryAfterSeconds?: number;
  dropConnectionRate?: number;
  truncateCdnRate?: number;
  /** a generate or generate-batch is fully processed (charged, jobs created), then its connection is dropped unanswered */
  loseResponseRate?: number;
  /** Deterministic failing jobs: any prompt field containing one of these strings fails. */
  failPromptsContaining?: string[];
}

/** What `startEmulator` accepts; every field is optional. */
export interface EmulatorOptions {
  /** 0 = a random free port (default). */
  port?: number;
  host?: string;
  key?: string;
  credits?: number;
  plan?: Plan;
  keys?: Array<{ key: string; credits?: number; plan?: Plan }>;
  latencyMs?: number | Partial<Record<LatencyKind, number>>;
  seed?: number;
  dataDir?: string;
  longPollLimitMs?: number;
  rateLimit?: { perMinute?: number; perHour?: number };
  faults?: FaultOptions;
  media?: 'real' | 'fallback';
  log?: (line: string) => void;
  /** which documented variant of the API to answer as (default `reference`) */
  dialect?: Dialect;
  /** honour `Idempotency-Key` (default: the dialect's; only `reference` and `seed` honour it) */
  idempotency?: boolean;
  /** after a job completes, the CDN keeps serving the placeholder at its URL this long (an edge cache) */
  cdnLagMs?: number;
  /** every emulated duration runs this many times faster (default 1) */
  timeScale?: number;
}

/** Options with defaults applied and values checked. */
export interface ResolvedOptions {
  port: number;
  host: string;
  keys: Array<{ key: string; credits: number; plan: Plan }>;
  latency: Record<LatencyKind, number>;
  seed: number;
  dataDir: string | undefined;
  longPollLimitMs: number;
  rateLimit: { perMinute: number | undefined; perHour: number | undefined };
  faults: Required<FaultOptions>;
  media: 'real' | 'fallback';
  log: (line: string) => void;
  dialect: Dialect;
  idempotency: boolean;
  cdnLagMs: number;
  timeScale: number;
}

export const DEFAULT_LATENCY_MS = 300;
export const DEFAULT_CREDITS = 1000;
export const DEFAULT_LONG_POLL_MS = 25_000;
export const MAX_LONG_POLL_MS = 60_000;

/** Applies defaults and throws a plain Error naming the first bad option. */
export function resolveOptions(o: EmulatorOptions = {}, randomSeed: () => number): ResolvedOptions {
  const port = o.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`port must be an integer 0–65535, got ${port}`);
  const main = { key: o.key ?? DEFAULT_KEY, credits: o.credits ?? DEFAULT_CREDITS, plan: o.plan ?? 'pro' };
  const keys = [main, ...(o.keys ?? []).map((k) => ({ key: k.key, credits: k.credits ?? DEFAULT_CREDITS, plan: k.plan ?? 'pro' }))];
  for (const k of keys) {
    if (!KEY_PATTERN.test(k.key)) throw new Error(`key must look like masko_<64 lowercase hex>, got ${JSON.stringify(k.key)}`);
    if (!Number.isInteger(k.credits) || k.credits < 0) throw new Error(`credits must be a whole number >= 0, got ${k.credits}`);
    if (!PLANS.includes(k.plan)) throw new Error(`plan must be one of ${PLANS.join(', ')}, got ${JSON.stringify(k.plan)}`);
  }
  const latency = resolveLatency(o.latencyMs);
  const f = o.faults ?? {};
  const faults: Required<FaultOptions> = {
    jobFailureRate: rate('jobFailureRate', f.jobFailureRate),
    serverErrorRate: rate('serverErrorRate', f.serverErrorRate),
    rateLimitRate: rate('rateLimitRate', f.rateLimitRate),
    dropConnectionRate: rate('dropConnectionRate', f.dropConnectionRate),
    truncateCdnRate: rate('truncateCdnRate', f.truncateCdnRate),
    loseResponseRate: rate('loseResponseRate', f.loseResponseRate),
    retryAfterSeconds: f.retryAfterSeconds ?? 1,
    failPromptsContaining: (f.failPromptsContaining ?? []).filter((s) => s.length > 0),
  };
  if (!Number.isInteger(faults.retryAfterSeconds) || faults.retryAfterSeconds < 0) {
    throw new Error(`retryAfterSeconds must be a whole number >= 0, got ${faults.retryAfterSeconds}`);
  }
  const longPollLimitMs = o.longPollLimitMs ?? DEFAULT_LONG_POLL_MS;
  if (!(longPollLimitMs >= 0 && longPollLimitMs <= MAX_LONG_POLL_MS)) {
    throw new Error(`longPollLimitMs must be 0–${MAX_LONG_POLL_MS}, got ${longPollLimitMs}`);
  }
  const perMinute = positiveOrUndefined('rateLimit.perMinute', o.rateLimit?.perMinute);
  const perHour = positiveOrUndefined('rateLimit.perHour', o.rateLimit?.perHour);
  const dialect = dialectNamed(o.dialect ?? 'reference');
  if (o.idempotency !== undefined && typeof o.idempotency !== 'boolean') throw new Error(`idempotency must be true or false, got ${JSON.stringify(o.idempotency)}`);
  const cdnLagMs = o.cdnLagMs ?? 0;
  if (!(Number.isFinite(cdnLagMs) && cdnLagMs >= 0)) throw new Error(`cdnLagMs must be >= 0, got ${cdnLagMs}`);
  const timeScale = o.timeScale ?? 1;
  if (!(Number.isFinite(timeScale) && timeScale > 0)) throw new Error(`timeScale must be a number > 0, got ${timeScale}`);
  const seed = o.seed ?? randomSeed();
  if (!Number.isSafeInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  return {
    port,
    host: o.host ?? '127.0.0.1',
    keys,
    latency,
    seed,
    dataDir: o.dataDir,
    longPollLimitMs,
    rateLimit: { perMinute, perHour },
    faults,
    media: o.media ?? 'real',
    log: o.log ?? (() => {}),
    dialect: dialect.name,
    idempotency: o.idempotency ?? dialect.idempotency,
    cdnLagMs,
    timeScale,
  };
}

function resolveLatency(l: EmulatorOptions['latencyMs']): Record<LatencyKind, number> {
  const base = typeof l === 'number' ? l : DEFAULT_LATENCY_MS;
  const out = {} as Record<LatencyKind, number>;
  for (const k of LATENCY_KINDS) {
    const v = typeof l === 'object' ? (l[k] ?? base) : base;
    if (!(Number.isFinite(v) && v >= 0)) throw new Error(`latencyMs${typeof l === 'object' ? '.' + k : ''} must be >= 0, got ${v}`);
    out[k] = v;
  }
  return out;
}

function rate(name: string, v: number | undefined): number {
  if (v === undefined) return 0;
  if (!(Number.isFinite(v) && v >= 0 && v <= 1)) throw new Error(`faults.${name} must be a probability 0–1, got ${v}`);
  return v;
}

function positiveOrUndefined(name: string, v: number | undefined): number | undefined {
  if (v === undefined || v === 0) return undefined;
  if (!Number.isInteger(v) || v < 0) throw new Error(`${name} must be a whole number >= 0, got ${v}`);
  return v;
}
