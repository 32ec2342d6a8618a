/**
 * Full sync of 200 assets in three dependency levels (80 images → 80 edits → 40 one-second
 * animations of the edits) against the emulator with every job taking 500 ms: wall time against
 * the critical-path ideal (3 × 500 ms), and API requests per asset (CDN downloads excluded).
 * The built CLI is spawned as a user would run it; the emulator runs in this process.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startEmulator } from '../src/emulator/index.js';
import type { Lockfile } from '../src/model/lock.js';
import { assertBuilt, runCli, tail } from './helpers/cli.js';
import { listJobs } from './helpers/emulator-jobs.js';
import { isMain } from './helpers/main.js';
import { stubRendering } from './helpers/stub-render.js';
import { assetCount, DEFAULT_LEVELS, threeLevelManifest } from './helpers/sync-manifest.js';
import { withTempDir } from './helpers/temp.js';
import { timeline, type JobTimes, type Timeline } from './helpers/timeline.js';
import { median, printTable, type BenchResult } from './lib.js';

const LATENCY_MS = 500;
const LEVEL_NAMES = ['image', 'edit', 'animation'];
const IDEAL_MS = LEVEL_NAMES.length * LATENCY_MS;
const ASSETS = assetCount(DEFAULT_LEVELS);
const RATIO_GOAL = 1.25;
const REQUESTS_GOAL = 1.5;

interface SyncRun {
  wallMs: number;
  /** API requests by route, CDN excluded. */
  api: Record<string, number>;
  apiTotal: number;
  timeline: Timeline;
}

/** One fresh emulator, one temp project, one `masko-sync sync`; checks that all 200 assets completed. */
async function syncOnce(concurrency: number, rendering: 'stub' | 'stock'): Promise<SyncRun> {
  const restore = rendering === 'stub' ? stubRendering() : () => undefined;
  const emu = await startEmulator({ latencyMs: LATENCY_MS, media: 'fallback', credits: 100_000, seed: 1 });
  try {
    return await withTempDir('sync', async (dir) => {
      await writeFile(path.join(dir, 'masko.yaml'), threeLevelManifest());
      const env = { MASKO_API_URL: emu.url, MASKO_API_KEY: emu.key };
      const run = await runCli(['sync', '--concurrency', String(concurrency)], { cwd: dir, env });
      if (run.code !== 0) throw new Error(`sync exited ${run.code}:\n${tail(run)}`);
      const requests = emu.stats().requests; // before this bench's own GET /v1/jobs
      const lock = JSON.parse(await readFile(path.join(dir, 'masko.lock'), 'utf8')) as Lockfile;
      const done = Object.values(lock.assets).filter((a) => a.status === 'completed').length;
      if (done !== ASSETS) throw new Error(`expected ${ASSETS} completed assets in masko.lock, found ${done}`);
      const api = Object.fromEntries(Object.entries(requests).filter(([route]) => !route.includes(' /cdn/')));
      const apiTotal = Object.values(api).reduce((a, b) => a + b, 0);
      const jobs = await jobTimes(emu.url, emu.key, lock);
      return { wallMs: run.wallMs, api, apiTotal, timeline: timeline(jobs, run.startedAt, run.startedAt + run.wallMs, LEVEL_NAMES) };
    });
  } finally {
    await emu.close();
    restore();
  }
}

/** Each asset's job as the emulator timed it, with its level and upstream from the id scheme. */
async function jobTimes(url: string, key: string, lock: Lockfile): Promise<JobTimes[]> {
  const jobs = new Map((await listJobs(url, key, lock.collection!)).map((j) => [j.id, j]));
  return Object.entries(lock.assets).map(([asset, entry]) => {
    const job = jobs.get(entry.job_id ?? '');
    if (!job?.completed_at) throw new Error(`job ${entry.job_id} of ${asset} is not completed in the emulator`);
    const [prefix, n] = asset.split('-') as [string, string];
    const level = ['img', 'edit', 'anim'].indexOf(prefix);
    const upstream = level === 1 ? `img-${n}` : level === 2 ? `edit-${n}` : undefined;
    return { asset, level, ...(upstream ? { upstream } : {}), created: Date.parse(job.created_at), completed: Date.parse(job.completed_at) };
  });
}

/** The run whose wall time is the median (for its breakdown). */
function medianRun(runs: SyncRun[]): SyncRun {
  const sorted = [...runs].sort((a, b) => a.wallMs - b.wallMs);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

function describe(runs: SyncRun[]): string {
  const m = medianRun(runs);
  const t = m.timeline;
  const r = (v: number) => Math.round(v);
  return [
    `median wall ${r(median(runs.map((x) => x.wallMs)))} ms over ${runs.length} runs (${runs.map((x) => r(x.wallMs)).join(', ')} ms), ideal ${IDEAL_MS} ms`,
    `critical chain of the median run: ${t.criticalChain.join(' + ')}`,
    `reaction gap upstream done → dependant accepted: edit median ${r(t.gapMs[0]!.median)}/max ${r(t.gapMs[0]!.max)} ms, animation median ${r(t.gapMs[1]!.median)}/max ${r(t.gapMs[1]!.max)} ms`,
    `job run time per level (median/max): ${t.jobMs.map((j, i) => `${LEVEL_NAMES[i]} ${r(j.median)}/${r(j.max)}`).join(', ')} ms`,
    `submission spread per level: ${t.submitSpreadMs.map((s, i) => `${LEVEL_NAMES[i]} ${r(s)}`).join(', ')} ms; tail after last job ${r(t.tailMs)} ms`,
  ].join('; ');
}

/** Runs the sync benchmarks (BENCH_RUNS runs of each configuration, interleaved; default 3). */
export async function run(): Promise<BenchResult[]> {
  assertBuilt();
  const runs = Math.max(1, Number(process.env.BENCH_RUNS) || 3);
  const configs = [
    { label: '--concurrency 4', concurrency: 4, rendering: 'stub' as const, runs: [] as SyncRun[] },
    { label: '--concurrency 8', concurrency: 8, rendering: 'stub' as const, runs: [] as SyncRun[] },
    { label: '--concurrency 4, stock emulator rendering', concurrency: 4, rendering: 'stock' as const, runs: [] as SyncRun[] },
  ];
  for (let i = 0; i < runs; i++) {
    for (const c of configs) c.runs.push(await syncOnce(c.concurrency, c.rendering));
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
