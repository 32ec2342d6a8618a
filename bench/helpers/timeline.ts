/**
 * Where a sync's wall time went, from the emulator's own job timestamps (created_at, completed_at)
 * and the asset → job map in masko.lock: start-up, each level's jobs, the CLI's reaction gaps
 * between an upstream finishing and its dependant being accepted, and the tail after the last job.
 */
import { median } from '../lib.js';

/** One job of the run, in the bench's clock (epoch ms). */
export interface JobTimes {
  asset: string;
  /** 0-based dependency level. */
  level: number;
  /** The asset this one waited for (none on level 0). */
  upstream?: string;
  created: number;
  completed: number;
}

/** A summary of one run. */
export interface Timeline {
  /** Spawn → first job accepted by the emulator. */
  startupMs: number;
  /** Per level: job run time (created → completed), median and max. */
  jobMs: Array<{ median: number; max: number }>;
  /** Per level above 0: upstream completed → dependant accepted, median and max. */
  gapMs: Array<{ median: number; max: number }>;
  /** Per level: first accepted → last accepted (how long submitting the level took). */
  submitSpreadMs: number[];
  /** Last job completed → CLI exit (downloads of the last files, lock, index, exit). */
  tailMs: number;
  /** The chain ending in the last job to complete, as "label ms" parts that add up to the wall time. */
  criticalChain: string[];
}

/** Builds the timeline of a run that started at `spawnAt` and exited at `exitAt` (epoch ms). */
export function timeline(jobs: JobTimes[], spawnAt: number, exitAt: number, levelNames: string[]): Timeline {
  const byAsset = new Map(jobs.map((j) => [j.asset, j]));
  const levels = [...new Set(jobs.map((j) => j.level))].sort((a, b) => a - b);
  const at = (level: number) => jobs.filter((j) => j.level === level);
  const stats = (xs: number[]) => ({ median: median(xs), max: Math.max(...xs) });
  const last = jobs.reduce((a, b) => (b.completed > a.completed ? b : a));
  const chain: JobTimes[] = [];
  for (let j: JobTimes | undefined = last; j; j = j.upstream ? byAsset.get(j.upstream) : undefined) chain.unshift(j);
  const parts = [`start-up ${ms(chain[0]!.created - spawnAt)}`];
  chain.forEach((j, i) => {
    if (i > 0) parts.push(`gap ${ms(j.created - chain[i - 1]!.completed)}`);
    parts.push(`${levelNames[j.level] ?? `level ${j.level}`} job ${ms(j.completed - j.created)}`);
  });
  parts.push(`tail ${ms(exitAt - last.completed)}`);
  return {
    startupMs: Math.min(...jobs.map((j) => j.created)) - spawnAt,
    jobMs: levels.map((l) => stats(at(l).map((j) => j.completed - j.created))),
    gapMs: levels.slice(1).map((l) => stats(at(l).map((j) => j.created - byAsset.get(j.upstream!)!.completed))),
    submitSpreadMs: levels.map((l) => Math.max(...at(l).map((j) => j.created)) - Math.min(...at(l).map((j) => j.created))),
    tailMs: exitAt - last.completed,
    criticalChain: parts,
  };
}

function ms(v: number): string {
  return `${Math.round(v)} ms`;
}
