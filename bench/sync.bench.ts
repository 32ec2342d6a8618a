/**
 * Full sync of 200 assets in three dependency levels (80 images → 80 edits → 40 one-second
 * animations of the edits) against the emulator with every job taking 500 ms: wall time against
 * the critical-path ideal (3 × 500 ms), and API requests per asset (CDN downloads excluded).
 * The built CLI is spawned as a user would run it; the emulator runs in this process.
 */
import { assertBuilt } from './helpers/cli.js';
import { isMain } from './helpers/main.js';
import { LEVEL_NAMES, medianRun, spread, syncOnce, type SyncRun } from './helpers/sync-run.js';
import { assetCount, DEFAULT_LEVELS } from './helpers/sync-manifest.js';
import { median, printTable, type BenchResult } from './lib.js';

const LATENCY_MS = 500;
const IDEAL_MS = LEVEL_NAMES.length * LATENCY_MS;
const ASSETS = assetCount(DEFAULT_LEVELS);
const RATIO_GOAL = 1.25;
const REQUESTS_GOAL = 1.5;

/** One fresh emulator, one temp project, one `masko-sync sync --concurrency N`. */
function syncRun(concurrency: number, rendering: 'stub' | 'stock'): Promise<SyncRun> {
  return syncOnce({
    levels: DEFAULT_LEVELS,
    // The API says its limit in headers (far above what this sync needs): the client follows them.
    emulator: { latencyMs: LATENCY_MS, rateLimit: { perMinute: 100_000 } },
    args: ['--concurrency', String(concurrency)],
    stub: rendering === 'stub',
  });
}

function describe(runs: SyncRun[]): string {
  const m = medianRun(runs);
  const t = m.timeline;
  const r = (v: number) => Math.round(v);
  return [
    `median wall ${r(median(runs.map((x) => x.wallMs)))} ms over ${runs.length} runs (${runs.map((x) => r(x.wallMs)).join(', ')} ms; ratio spread ${spread(runs.map((x) => x.wallMs / IDEAL_MS))}), ideal ${IDEAL_MS} ms`,
    `critical chain of the median run: ${t.criticalChain.join(' + ')}`,
    `reaction gap upstream done → dependant accepted: edit median ${r(t.gapMs[0]!.median)}/max ${r(t.gapMs[0]!.max)} ms, animation median ${r(t.gapMs[1]!.median)}/max ${r(t.gapMs[1]!.max)} ms`,
    `job run time per level (median/max): ${t.jobMs.map((j, i) => `${LEVEL_NAMES[i]} ${r(j.median)}/${r(j.max)}`).join(', ')} ms`,
    `submission spread per level: ${t.submitSpreadMs.map((s, i) => `${LEVEL_NAMES[i]} ${r(s)}`).join(', ')} ms; tail after last job ${r(t.tailMs)} ms`,
  ].join('; ');
}

/** Runs the sync benchmarks (BENCH_RUNS runs of each configuration, interleaved; default 5: the machine is shared). */
export async function run(): Promise<BenchResult[]> {
  assertBuilt();
  const runs = Math.max(1, Number(process.env.BENCH_RUNS) || 5);
  const configs = [
    { label: '--concurrency 4', concurrency: 4, rendering: 'stub' as const, runs: [] as SyncRun[] },
    { label: '--concurrency 8', concurrency: 8, rendering: 'stub' as const, runs: [] as SyncRun[] },
    { label: '--concurrency 4, stock emulator rendering', concurrency: 4, rendering: 'stock' as const, runs: [] as SyncRun[] },
  ];
  for (let i = 0; i < runs; i++) {
    for (const c of configs) c.runs.push(await syncRun(c.concurrency, c.rendering));
  }
  const results: BenchResult[] = configs.map((c) => {
    const ratio = median(c.runs.map((x) => x.wallMs)) / IDEAL_MS;
    const stock = c.rendering === 'stock';
    return {
      name: `sync ${ASSETS} assets, 3 levels × ${LATENCY_MS} ms, ${c.label}: wall / critical path`,
      value: ratio,
      unit: '×',
      ...(stock ? {} : { goal: `≤ ${RATIO_GOAL}×`, met: ratio <= RATIO_GOAL }),
      note: (stock ? 'informational: the emulator renders two resvg PNGs per image/edit job even with media fallback, so its CPU, not the CLI, sets the pace; ' : 'emulator rendering stubbed (helpers/stub-render.ts); ') + describe(c.runs),
    };
  });
  const first = configs[0]!;
  const perAsset = median(first.runs.map((x) => x.apiTotal / ASSETS));
  const routes = Object.entries(medianRun(first.runs).api).map(([route, n]) => `${route} ${n}`).join(', ');
  const at8 = median(configs[1]!.runs.map((x) => x.apiTotal / ASSETS));
  results.push({
    name: `API requests per asset, sync of ${ASSETS} assets (downloads excluded)`,
    value: perAsset,
    unit: 'req/asset',
    goal: `≤ ${REQUESTS_GOAL}`,
    met: perAsset <= REQUESTS_GOAL,
    note: `--concurrency 4, median of ${first.runs.length} runs (${first.runs.map((x) => x.apiTotal).join(', ')} requests); --concurrency 8: ${at8.toFixed(2)}/asset; by route (median run): ${routes}`,
  });
  return results;
}

if (isMain(import.meta.url)) {
  const results = await run();
  printTable(results);
  for (const r of results) if (r.note) console.log(`\n${r.name}:\n  ${r.note.split('; ').join('\n  ')}`);
}
