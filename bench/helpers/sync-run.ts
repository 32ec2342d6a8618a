/**
 * One benchmark sync: a fresh emulator in this process, a temp project with a three-level manifest,
 * one `masko-sync sync` of the built CLI, and what it cost: wall time, API requests by route (from
 * the emulator's own counters, CDN excluded), 429s, credits, and a job timeline.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startEmulator, type EmulatorOptions } from '../../src/emulator/index.js';
import type { Job } from '../../src/api/wire.js';
import type { Lockfile } from '../../src/model/lock.js';
import { runCli, tail } from './cli.js';
import { stubRendering } from './stub-render.js';
import { assetCount, threeLevelManifest, type Levels } from './sync-manifest.js';
import { withTempDir } from './temp.js';
import { timeline, type JobTimes, type Timeline } from './timeline.js';

/** The level names of the three-level manifest, in order. */
export const LEVEL_NAMES = ['image', 'edit', 'animation'];

export interface SyncRunOptions {
  levels: Levels;
  emulator: EmulatorOptions;
  /** Extra `sync` arguments. */
  args?: string[];
  /** Replace the emulator's resvg rendering with small unique files (default true). */
  stub?: boolean;
  /** The CLI launcher to spawn (default: this checkout's bin/masko-sync.js), to compare two builds side by side. */
  bin?: string;
}

export interface SyncRun {
  wallMs: number;
  /** API requests by route (`/v1/…` only; CDN and `/_emulator` excluded). */
  api: Record<string, number>;
  apiTotal: number;
  /** 429 answers the emulator sent. */
  rateLimited: number;
  creditsCharged: number;
  timeline: Timeline;
  /** Real ms between the CLI's spawn and the first job, and the last job's end and exit. */
  startupMs: number;
  tailMs: number;
}

/** Runs one sync and checks that every asset completed; throws with the CLI's output otherwise. */
export async function syncOnce(o: SyncRunOptions): Promise<SyncRun> {
  const restore = o.stub === false ? () => undefined : stubRendering();
  const emu = await startEmulator({ media: 'fallback', credits: 1_000_000, seed: 1, ...o.emulator });
  const assets = assetCount(o.levels);
  try {
    return await withTempDir('sync', async (dir) => {
      await writeFile(path.join(dir, 'masko.yaml'), threeLevelManifest(o.levels));
      const env = { MASKO_API_URL: emu.url, MASKO_API_KEY: emu.key };
      const run = await runCli(['sync', ...(o.args ?? [])], { cwd: dir, env, ...(o.bin ? { bin: o.bin } : {}) });
      if (run.code !== 0) throw new Error(`sync exited ${run.code}:\n${tail(run)}`);
      const stats = emu.wireStats();
      const lock = JSON.parse(await readFile(path.join(dir, 'masko.lock'), 'utf8')) as Lockfile;
      const done = Object.values(lock.assets).filter((a) => a.status === 'completed').length;
      if (done !== assets) throw new Error(`expected ${assets} completed assets in masko.lock, found ${done}`);
      const api = Object.fromEntries(Object.entries(stats.requests).filter(([route]) => / \/v1\//.test(route)));
      const apiTotal = Object.values(api).reduce((a, b) => a + b, 0);
      const jobs = jobTimes(await allJobs(emu.url, emu.key), lock);
      const t = timeline(jobs, run.startedAt, run.startedAt + run.wallMs, LEVEL_NAMES);
      return {
        wallMs: run.wallMs,
        api,
        apiTotal,
        rateLimited: stats.rate_limited,
        creditsCharged: stats.credits_charged,
        timeline: t,
        startupMs: t.startupMs,
        tailMs: t.tailMs,
      };
    });
  } finally {
    await emu.close();
    restore();
  }
}

/** Every job of the key, from the emulator's inspection route (not rate limited, not counted). */
async function allJobs(url: string, key: string): Promise<Job[]> {
  const res = await fetch(`${url}/_emulator/jobs`, { headers: { authorization: `Bearer ${key}` } });
  if (!res.ok) throw new Error(`GET /_emulator/jobs answered ${res.status}`);
  return ((await res.json()) as { jobs: Job[] }).jobs;
}

/** Each asset's job as the emulator timed it, with its level and upstream from the id scheme. */
function jobTimes(jobs: Job[], lock: Lockfile): JobTimes[] {
  const byId = new Map(jobs.map((j) => [j.id, j]));
  return Object.entries(lock.assets).map(([asset, entry]) => {
    const job = byId.get(entry.job_id ?? '');
    if (!job?.completed_at) throw new Error(`job ${entry.job_id} of ${asset} is not completed in the emulator`);
    const [prefix, n] = asset.split('-') as [string, string];
    const level = ['img', 'edit', 'anim'].indexOf(prefix);
    const upstream = level === 1 ? `img-${n}` : level === 2 ? `edit-${n}` : undefined;
    return { asset, level, ...(upstream ? { upstream } : {}), created: Date.parse(job.created_at), completed: Date.parse(job.completed_at) };
  });
}

/** The run whose wall time is the median (for its breakdown). */
export function medianRun<T extends { wallMs: number }>(runs: T[]): T {
  const sorted = [...runs].sort((a, b) => a.wallMs - b.wallMs);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/** "min–max" of a list, rounded. */
export function spread(values: number[], digits = 2): string {
  return `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;
}
