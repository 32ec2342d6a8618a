/**
 * Parsers for the emulator's textual option values (CLI flags): durations, per-kind latencies and rate
 * limits. Each throws an Error whose message names the flag, the bad part and a valid example.
 */
import { LATENCY_KINDS, type LatencyKind } from './options.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000 };

/** `300`, `300ms`, `8s`, `1.5s`, `2m` → milliseconds. */
export function parseDuration(flag: string, text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/.exec(text);
  if (!m) throw new Error(`${flag}: ${JSON.stringify(text)} is not a duration (use e.g. 300, 300ms, 8s or 1m)`);
  return Math.round(Number(m[1]) * UNIT_MS[m[2] ?? 'ms']!);
}

/**
 * `300` (every kind), `image=8s,animation=60s` (the kinds named; others keep the default), or both:
 * `100,animation=60s` (100 ms for every kind but animation).
 */
export function parseLatency(flag: string, text: string): number | Partial<Record<LatencyKind, number>> {
  const parts = text.split(',').map((p) => p.trim());
  if (parts.length === 1 && !parts[0]!.includes('=')) return parseDuration(flag, parts[0]!);
  const out: Partial<Record<LatencyKind, number>> = {};
  let base: number | undefined;
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq < 0) {
      if (base !== undefined) throw new Error(`${flag}: two default latencies in ${JSON.stringify(text)} (give one, then kind=duration pairs)`);
      base = parseDuration(flag, part);
      continue;
    }
    const kind = part.slice(0, eq).trim();
    if (!(LATENCY_KINDS as readonly string[]).includes(kind)) {
      throw new Error(`${flag}: unknown kind ${JSON.stringify(kind)} (kinds: ${LATENCY_KINDS.join(', ')}; e.g. image=8s,animation=60s)`);
    }
    if (out[kind as LatencyKind] !== undefined) throw new Error(`${flag}: ${kind} given twice`);
    out[kind as LatencyKind] = parseDuration(`${flag} ${kind}`, part.slice(eq + 1));
  }
  if (base !== undefined) for (const k of LATENCY_KINDS) out[k] ??= base;
  return out;
}

const PER: Record<string, 'perMinute' | 'perHour'> = { min: 'perMinute', m: 'perMinute', minute: 'perMinute', h: 'perHour', hour: 'perHour' };

/** `60` (per minute), `60/min`, `1000/h`, `60/min,1000/h` → the limits. */
export function parseRateLimit(flag: string, text: string): { perMinute?: number; perHour?: number } {
  const out: { perMinute?: number; perHour?: number } = {};
  for (const part of text.split(',').map((p) => p.trim())) {
    const m = /^(\d+)(?:\s*\/\s*([a-z]+))?$/.exec(part);
    const window = m ? PER[m[2] ?? 'min'] : undefined;
    if (!m || !window) throw new Error(`${flag}: ${JSON.stringify(part)} is not a limit (use e.g. 60, 60/min, 1000/h or 60/min,1000/h)`);
    // The library reads 0 as "no limit": on the command line that is leaving the flag out.
    if (Number(m[1]) < 1) throw new Error(`${flag}: ${JSON.stringify(part)} allows no request (a limit is at least 1; leave the flag out for no limit)`);
    if (out[window] !== undefined) throw new Error(`${flag}: the ${window === 'perMinute' ? 'per-minute' : 'per-hour'} limit is given twice`);
    out[window] = Number(m[1]);
  }
  return out;
}

/** A positive speed-up factor, e.g. `60`, `0.5`. */
export function parseTimeScale(flag: string, text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0) throw new Error(`${flag} must be a number > 0 (e.g. 60: a minute runs in a second), got ${JSON.stringify(text)}`);
  return n;
}
