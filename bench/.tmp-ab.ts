import { syncOnce } from './helpers/sync-run.js';
import { DEFAULT_LEVELS } from './helpers/sync-manifest.js';
const bins = { base: '/tmp/base/bin/masko-sync.js', head: '/work/main/bin/masko-sync.js' };
const res: Record<string, number[]> = { base: [], head: [] };
const tails: Record<string, number[]> = { base: [], head: [] };
for (let i = 0; i < Number(process.env.N ?? 5); i++) {
  for (const [k, bin] of Object.entries(bins)) {
    const r = await syncOnce({ levels: DEFAULT_LEVELS, emulator: { latencyMs: 500, rateLimit: { perMinute: 100_000 } }, args: ['--concurrency', '4'], bin });
    res[k]!.push(r.wallMs / 1500); tails[k]!.push(r.tailMs);
  }
}
const med = (x: number[]) => [...x].sort((a, b) => a - b)[Math.floor(x.length / 2)]!;
for (const k of Object.keys(res)) console.log(k, 'ratio median', med(res[k]!).toFixed(2), 'all', res[k]!.map((x) => x.toFixed(2)).join(' '), 'tail median', Math.round(med(tails[k]!)));
