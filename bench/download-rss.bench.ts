/**
 * Peak RSS of the CLI while it downloads 500 MB: `masko-sync pull` restores files that masko.lock
 * records as completed (50 × 10 MB, then 500 × 1 MB), from a local HTTP server that generates them
 * on the fly.
 * Peak RSS is GNU time's "Maximum resident set size" when /usr/bin/time exists, cross-checked by
 * polling /proc/<pid>/status (VmHWM) every 20 ms; every file is then checked against its SHA-256.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { assertBuilt, runCli, tail, type CliRun } from './helpers/cli.js';
import { describeFiles, serveFiles } from './helpers/big-files.js';
import { isMain } from './helpers/main.js';
import { writePullProject } from './helpers/pull-project.js';
import { haveGnuTime } from './helpers/rss.js';
import { withTempDir } from './helpers/temp.js';
import { printTable, type BenchResult } from './lib.js';

/** The case (50 × 10 MB), and the same 500 MB as 500 files of 1 MB (a project with many assets). */
const CASES = [
  { files: 50, fileBytes: 10 * 1024 * 1024 },
  { files: 500, fileBytes: 1024 * 1024 },
];
const GOAL_MB = 150;
const MB = 1024 * 1024;

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

/** One `pull` of `files` × `fileBytes` into a fresh project, with every file verified afterwards. */
async function pullOnce(files: number, fileBytes: number, baseline: boolean): Promise<{ result: BenchResult; baselineBytes?: number }> {
  const described = describeFiles(files, fileBytes);
  const server = await serveFiles(described);
  try {
    return await withTempDir('pull', async (dir) => {
      const placed = await writePullProject(dir, described, (f) => server.url(f));
      const env = { MASKO_API_URL: server.origin };
      // The same CLI doing no download at all: what the process costs before any byte moves.
      const idle = baseline ? await runCli(['validate'], { cwd: dir, env, measureRss: true }) : undefined;
      if (idle && idle.code !== 0) throw new Error(`validate exited ${idle.code}:\n${tail(idle)}`);
      const pull = await runCli(['pull'], { cwd: dir, env, measureRss: true });
      if (pull.code !== 0) throw new Error(`pull exited ${pull.code}:\n${tail(pull)}`);
      let bad = 0;
      for (const p of placed) if ((await sha256File(path.join(dir, p.path))) !== p.file.sha256) bad++;
      if (bad > 0) throw new Error(`${bad} of ${files} restored files do not match their SHA-256`);
      const peakMb = peakBytes(pull) / MB;
      const totalMb = (files * fileBytes) / MB;
      const method = haveGnuTime()
        ? `GNU time max RSS (polled VmHWM: ${(pull.rss!.polledBytes / MB).toFixed(0)} MB over ${pull.rss!.pollSamples} samples)`
        : `polled /proc VmHWM every 20 ms (${pull.rss!.pollSamples} samples)`;
      const result: BenchResult = {
        name: `peak RSS of \`pull\` restoring ${files} × ${fileBytes / MB} MB (${totalMb} MB)`,
        value: peakMb,
        unit: 'MB',
        goal: `≤ ${GOAL_MB} MB`,
        met: peakMb <= GOAL_MB,
        note: `${method}; all ${files} files verified by SHA-256; ${server.requests()} GETs; wall ${(pull.wallMs / 1000).toFixed(1)} s (${(totalMb / (pull.wallMs / 1000)).toFixed(0)} MB/s)`,
      };
      return { result, ...(idle ? { baselineBytes: peakBytes(idle) } : {}) };
    });
  } finally {
    await server.close();
  }
}

function peakBytes(run: CliRun): number {
  return run.rss?.gnuTimeBytes ?? run.rss?.polledBytes ?? 0;
}

/** Runs the download benchmarks (each moves 500 MB once; one run is enough for a peak). */
export async function run(): Promise<BenchResult[]> {
  assertBuilt();
  const results: BenchResult[] = [];
  let baseline: number | undefined;
  for (const c of CASES) {
    const once = await pullOnce(c.files, c.fileBytes, baseline === undefined);
    baseline ??= once.baselineBytes;
    results.push(once.result);
  }
  if (baseline !== undefined) for (const r of results) r.note += `; the same CLI running \`validate\` (no download) peaks at ${(baseline / MB).toFixed(0)} MB`;
  return results;
}

if (isMain(import.meta.url)) {
  const results = await run();
  printTable(results);
  for (const r of results) if (r.note) console.log(`\n${r.name}:\n  ${r.note.split('; ').join('\n  ')}`);
}
