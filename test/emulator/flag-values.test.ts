import { describe, expect, it } from 'vitest';
import { parseDuration, parseLatency, parseRateLimit, parseTimeScale } from '../../src/emulator/flag-values.js';

describe('emulator flag values', () => {
  it.each([
    ['300', 300],
    ['300ms', 300],
    ['8s', 8000],
    ['1.5s', 1500],
    ['2m', 120_000],
    [' 45s ', 45_000],
    ['0', 0],
  ])('duration %j → %d ms', (text, ms) => {
    expect(parseDuration('--cdn-lag', text)).toBe(ms);
  });

  it.each(['', 'fast', '8x', '-1s', '1h', '1e3'])('duration %j is refused, naming the flag and an example', (text) => {
    expect(() => parseDuration('--cdn-lag', text)).toThrow(/^--cdn-lag: .* is not a duration \(use e\.g\. 300, 300ms, 8s or 1m\)$/);
  });

  it('latency: one value for every kind, per kind, or a default with overrides', () => {
    expect(parseLatency('--latency', '300')).toBe(300);
    expect(parseLatency('--latency', '2s')).toBe(2000);
    expect(parseLatency('--latency', 'image=8s,animation=60s,edit=5s,logo=10s,transition=45s')).toEqual({
      image: 8000, animation: 60_000, edit: 5000, logo: 10_000, transition: 45_000,
    });
    expect(parseLatency('--latency', 'animation=1m')).toEqual({ animation: 60_000 });
    expect(parseLatency('--latency', '100, animation=60s')).toEqual({ image: 100, animation: 60_000, edit: 100, logo: 100, transition: 100 });
  });

  it.each([
    ['gif=1s', /unknown kind "gif" \(kinds: image, animation, edit, logo, transition/],
    ['image=8x', /--latency image: "8x" is not a duration/],
    ['image=1s,image=2s', /image given twice/],
    ['1s,2s', /two default latencies/],
    ['image=', /--latency image: "" is not a duration/],
  ])('latency %j is refused: %s', (text, message) => {
    expect(() => parseLatency('--latency', text)).toThrow(message);
  });

  it('rate limits: per minute by default, /min, /h, or both', () => {
    expect(parseRateLimit('--rate-limit', '60')).toEqual({ perMinute: 60 });
    expect(parseRateLimit('--rate-limit', '60/min')).toEqual({ perMinute: 60 });
    expect(parseRateLimit('--rate-limit', '1000/h')).toEqual({ perHour: 1000 });
    expect(parseRateLimit('--rate-limit', '60/min,1000/h')).toEqual({ perMinute: 60, perHour: 1000 });
    expect(parseRateLimit('--rate-limit', '1000/hour, 60/m')).toEqual({ perMinute: 60, perHour: 1000 });
  });

  it.each([
    ['60/day', /"60\/day" is not a limit \(use e\.g\. 60, 60\/min, 1000\/h or 60\/min,1000\/h\)/],
    ['lots', /"lots" is not a limit/],
    ['60/min,30/min', /per-minute limit is given twice/],
    ['-5', /"-5" is not a limit/],
    ['0', /^--rate-limit: "0" allows no request \(a limit is at least 1; leave the flag out for no limit\)$/],
    ['60/min,0/h', /"0\/h" allows no request/],
  ])('rate limit %j is refused: %s', (text, message) => {
    expect(() => parseRateLimit('--rate-limit', text)).toThrow(message);
  });

  it('time scale: a positive number', () => {
    expect(parseTimeScale('--time-scale', '60')).toBe(60);
    expect(parseTimeScale('--time-scale', '0.5')).toBe(0.5);
    for (const bad of ['0', '-2', 'fast', '', 'Infinity']) expect(() => parseTimeScale('--time-scale', bad)).toThrow(/--time-scale must be a number > 0/);
  });
});
