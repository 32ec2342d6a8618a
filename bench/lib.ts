/** Shared shape of benchmark results: every bench file exports `run(): Promise<BenchResult[]>`. */
import os from 'node:os';

export interface BenchResult {
  /** e.g. "validate 1,000 assets" */
  name: string;
  value: number;
  unit: string;
  /** e.g. "< 100 ms" */
  goal?: string;
  /** whether the goal was met, when there is one */
  met?: boolean;
  note?: string;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function machine(): { cpu: string; cores: number; node: string; load: number[] } {
  // The load average says how much others were using a shared machine while the figures were taken.
  return { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.version, load: os.loadavg().map((l) => Math.round(l * 10) / 10) };
}

/** Prints results as a markdown table (used when a bench file is run directly). */
export function printTable(results: BenchResult[]): void {
  const m = machine();
  console.log(`Machine: ${m.cpu}, ${m.cores} cores, Node ${m.node}; load average ${m.load.join(' / ')} (1 / 5 / 15 min) at the end\n`);
  console.log('| benchmark | value | goal | met |');
  console.log('|---|---|---|---|');
  for (const r of results) {
    const met = r.met === undefined ? '' : r.met ? 'yes' : 'no';
    console.log(`| ${r.name} | ${round(r.value)} ${r.unit} | ${r.goal ?? ''} | ${met} |`);
  }
}

function round(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2);
}
