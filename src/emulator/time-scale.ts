/**
 * The emulator's clock speed: every emulated duration (job latency, rate-limit windows, long-poll limits,
 * CDN lag, TTLs, Retry-After) runs `factor` times faster in real time. Header values are real seconds:
 * whole at 1×, with up to 3 decimals otherwise (a realistic minute is one second at 60×).
 */
export class TimeScale {
  constructor(readonly factor: number) {}

  /** Real milliseconds for an emulated duration. */
  ms(emulatedMs: number): number {
    return emulatedMs / this.factor;
  }

  /** A header's seconds for a real wait, rounded up (never 0 unless the wait is 0). */
  seconds(realMs: number): string {
    if (realMs <= 0) return '0';
    if (this.factor === 1) return String(Math.ceil(realMs / 1000));
    return String(Math.ceil(realMs) / 1000);
  }

  /** Unix epoch seconds of a real instant, rounded up (whole at 1×). */
  epochSeconds(epochMs: number): string {
    return this.factor === 1 ? String(Math.ceil(epochMs / 1000)) : String(Math.ceil(epochMs) / 1000);
  }
}
