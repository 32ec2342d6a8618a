/**
 * Scale under the API's documented limits: a first sync of 1,000 assets in three dependency levels
 * (500 images → 400 edits of them → 100 animations of those edits) against the emulator with
 * realistic latencies (images 8 s, edits 5 s, animations 60 s) and the documented rate limit
 * (60 requests a minute, 1,000 an hour), all run `TIME_SCALE` times faster. Figures: API requests
 * per asset, 429s answered, and wall time against the larger of the critical path and the
 * rate-limit floor (both from the run's parameters, in emulated time; see docs/benchmarks.md).
 */
import { assertBuilt } from './helpers/cli.js';
import { isMain } from './helpers/main.js';
import { LEVEL_NAMES, medianRun, spread, syncOnce, type SyncRun } from './helpers/sync-run.js';
import { assetCount, type Levels } from './helpers/sync-manifest.js';
import { median, printTable, type BenchResult } from './lib.js';

/** Emulated time runs this much faster. Real-time costs (process start, parsing, downloads) do not shrink with it, so it stays modest. */
const TIME_SCALE = Number(process.env.BENCH_TIME_SCALE) || 10;
const LEVELS: Levels = { images: 500, edits: 400, animations: 100 };
const LATENCY_S = { image: 8, edit: 5, animation: 60 };
const LIMITS = [
  { limit: 60, windowS: 60 },
  { limit: 1000, windowS: 3600 },
];
/** Before the first generation a first sync asks for the balance, lists and creates the project, lists and creates the collection. */
const CREATION_REQUESTS = 5;
const BATCH = 10;
const REQUESTS_GOAL = 0.3;
const RATIO_GOAL = 1.15;

/** The requests no client can do without: one batch POST per 10 assets of each level, plus the creation. */
export function mandatoryRequests(levels: Levels): number {
  return Math.ceil(levels.images / BATCH) + Math.ceil(levels.edits / BATCH) + Math.ceil(levels.animations / BATCH) + CREATION_REQUESTS;
}

/**
 * Seconds that `n` requests need at the limits: a sliding window lets `limit` through at once,
 * then the next ones only as the first leave it, one window later.
 */
export function rateFloorS(n: number, limits = LIMITS): number {
  return Math.max(...limits.map((w) => Math.floor((n - 1) / w.limit) * w.windowS));
}

/** The sum of the levels' latencies: no dependant can start before its upstream ends. */
export function criticalPathS(): number {
  return LATENCY_S.image + LATENCY_S.edit + LATENCY_S.animation;
}

/** Runs the benchmark (BENCH_RUNS runs, default 3) and returns its figures. */
export async function run(): Promise<BenchResult[]> {
  assertBuilt();
  const n = Math.max(1, Number(process.env.BENCH_RUNS) || 3);
  const assets = assetCount(LEVELS);
  const runs: SyncRun[] = [];
  for (let i = 0; i < n; i++) {
    runs.push(
      await syncOnce({
        levels: LEVELS,
        emulator: {
          latencyMs: { image: LATENCY_S.image * 1000, edit: LATENCY_S.edit * 1000, animation: LATENCY_S.animation * 1000 },
          rateLimit: { perMinute: LIMITS[0]!.limit, perHour: LIMITS[1]!.limit },
          timeScale: TIME_SCALE,
        },
      }),
    );
    process.stderr.write(`bench: scale run ${i + 1}/${n}: ${describeRun(runs[i]!)}\n`);
  }
  const mandatory = mandatoryRequests(LEVELS);
  const floorS = rateFloorS(mandatory);
  const cpS = criticalPathS();
  const boundS = Math.max(floorS, cpS);
  const ratios = runs.map((r) => (r.wallMs * TIME_SCALE) / 1000 / boundS);
  const perAsset = runs.map((r) => r.apiTotal / assets);
  const m = medianRun(runs);
  const routes = Object.entries(m.api).map(([route, k]) => `${route} ${k}`).join(', ');
  const setup = `${LEVELS.images} images → ${LEVELS.edits} edits → ${LEVELS.animations} animations; latencies image ${LATENCY_S.image} s, edit ${LATENCY_S.edit} s, animation ${LATENCY_S.animation} s; limit 60/min and 1,000/h; --time-scale ${TIME_SCALE}`;
  return [
    {
      name: `sync ${assets.toLocaleString('en')} assets at the documented limit: API requests per asset`,
      value: median(perAsset),
      unit: 'req/asset',
      goal: `≤ ${REQUESTS_GOAL}`,
      met: Math.max(...perAsset) <= REQUESTS_GOAL,
      note: `${setup}; median of ${n} runs (${runs.map((r) => r.apiTotal).join(', ')} requests, spread ${spread(perAsset, 3)}); ${mandatory} of them mandatory; by route (median run): ${routes}`,
    },
    {
      name: `sync ${assets.toLocaleString('en')} assets at the documented limit: 429 answers`,
      value: Math.max(...runs.map((r) => r.rateLimited)),
      unit: '',
      goal: '0',
      met: runs.every((r) => r.rateLimited === 0),
      note: `the most of ${n} runs (${runs.map((r) => r.rateLimited).join(', ')})`,
    },
    {
      name: `sync ${assets.toLocaleString('en')} assets at the documented limit: wall / max(critical path, rate-limit floor)`,
      value: median(ratios),
      unit: '×',
      goal: `≤ ${RATIO_GOAL}×`,
      met: median(ratios) <= RATIO_GOAL,
      note: `${setup}; critical path ${cpS} s, floor ${floorS} s (${mandatory} mandatory requests); median of ${n} runs (${ratios.map((r) => r.toFixed(3)).join(', ')}), spread ${spread(ratios, 3)}; median run: ${describeRun(m)}`,
    },
  ];
}

/** One run in emulated seconds: wall, start-up, tail, and the chain that ended last. */
function describeRun(r: SyncRun): string {
  const s = (ms: number) => `${((ms * TIME_SCALE) / 1000).toFixed(1)} s`;
  const t = r.timeline;
  return [
    `wall ${s(r.wallMs)} (real ${Math.round(r.wallMs)} ms)`,
    `${r.apiTotal} requests, ${r.rateLimited} × 429`,
    `start-up ${s(r.startupMs)}, tail ${s(r.tailMs)}`,
    `submission spread ${t.submitSpreadMs.map((x, i) => `${LEVEL_NAMES[i]} ${s(x)}`).join(', ')}`,
    `reaction gaps (median/max) ${t.gapMs.map((g, i) => `${LEVEL_NAMES[i + 1]} ${s(g.median)}/${s(g.max)}`).join(', ')}`,
    `last chain: ${t.criticalChain.map((part) => part.replace(/(\d+) ms/, (_, ms: string) => s(Number(ms)))).join(' + ')}`,
  ].join('; ');
}

if (isMain(import.meta.url)) {
  const results = await run();
  printTable(results);
  for (const r of results) if (r.note) console.log(`\n${r.name}:\n  ${r.note.split('; ').join('\n  ')}`);
}
