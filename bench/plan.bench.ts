/**
 * The whole CLI running `plan` on a 1,000-asset manifest whose lock is current and whose files are
 * all on disk, against a bare `node -e ""` start (goal: at most 3×): as a repeated plan meets it
 * (answered from its memo), planned afresh, and after touching every file.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildGraph } from '../src/graph/index.js';
import { serializeLock } from '../src/lockfile/index.js';
import { loadManifest } from '../src/manifest/index.js';
import type { Lockfile } from '../src/model/lock.js';
import { expectedPath } from '../src/plan/file-names.js';
import { inputsFromLock } from '../src/plan/inputs-from-lock.js';
import { RACY_MS } from '../src/lockfile/stat-pass.js';
import { median, printTable, type BenchResult } from './lib.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin/masko-sync.js');
const RUNS = Math.max(3, Number(process.env.BENCH_RUNS) || 11);

/** 1,000 assets: 400 images, 300 edits of them, 200 animate clips, 100 transitions with a free reverse each (1,100 ids). */
function manifestText(): string {
  const lines = ['version: 1', 'collection: col_bench', 'output: { dir: assets }', 'assets:'];
  for (let i = 0; i < 400; i++) lines.push(`  img-${i}: { type: image, image_prompt: pose number ${i} with a friendly smile }`);
  for (let i = 0; i < 300; i++) lines.push(`  edit-${i}: { type: edit, source: img-${i}, edit_instructions: add hat ${i} }`);
  for (let i = 0; i < 200; i++) lines.push(`  anim-${i}: { type: animation, source: img-${i}, animation_prompt: moving ${i}, duration: 2 }`);
  for (let i = 0; i < 100; i++) {
    lines.push(`  tr-${i}: { type: animation, source: img-${i}, end: img-${i + 1}, animation_prompt: from ${i} to ${i + 1}, reverse: tr-${i}-back }`);
  }
  return lines.join('\n') + '\n';
}

/** Writes manifest, a current lock and every locked file (dated in the past) into a fresh folder. */
export function setUp(): { dir: string; files: string[] } {
  const base = path.join(root, 'bench/.tmp');
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(path.join(base, 'plan-'));
  const text = manifestText();
  const { manifest, diagnostics } = loadManifest(text);
  if (!manifest) throw new Error(`bench manifest invalid: ${JSON.stringify(diagnostics.slice(0, 3))}`);
  const lock: Lockfile = { lockfileVersion: 1, collection: 'col_bench', assets: {} };
  const files: string[] = [];
  const old = new Date('2024-01-01');
  for (const id of buildGraph(manifest).waves.flat()) {
    const asset = manifest.assets[id]!;
    const { inputs, fingerprint } = inputsFromLock(asset, 'col_bench', lock);
    const keys = asset.kind === 'image' || asset.kind === 'edit' ? ['image', 'transparent_image'] : ['video', 'webm', 'hevc'];
    const entryFiles: Lockfile['assets'][string]['files'] = {};
    for (const key of keys) {
      const rel = expectedPath(asset, key, { video: 'mp4', webm: 'webm', hevc: 'mov' }[key] ?? 'png');
      const content = Buffer.alloc(4096, `${id}:${key}`);
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), content);
      utimesSync(path.join(dir, rel), old, old);
      files.push(path.join(dir, rel));
      entryFiles[key] = { asset_id: `as_${id}_${key}`, url: `https://cdn.example/${id}/${key}`, path: rel, bytes: content.length, sha256: createHash('sha256').update(content).digest('hex') };
    }
    lock.assets[id] = { type: asset.kind, name: asset.name, fingerprint, inputs, item_id: `it_${id}`, job_id: `job_${id}`, status: 'completed', credits: 0, files: entryFiles, ...(asset.kind === 'reverse' ? { reverse_of: asset.parent } : {}) };
  }
  writeFileSync(path.join(dir, 'masko.yaml'), text);
  writeFileSync(path.join(dir, 'masko.lock'), serializeLock(lock));
  return { dir, files };
}

function timeOnce(args: string[], cwd: string): number {
  const t0 = process.hrtime.bigint();
  execFileSync(process.execPath, args, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/**
 * `RUNS` rounds of a bare node start, then each command: interleaved, so that load from others on
 * a shared machine weighs on both alike. Each round gives a ratio; the figure is their median.
 */
function rounds(cwd: string, commands: Array<{ args: string[]; before?: () => void }>): { node: number[]; times: number[][]; ratios: number[][] } {
  const node: number[] = [];
  const times = commands.map(() => [] as number[]);
  const ratios = commands.map(() => [] as number[]);
  for (let i = 0; i < RUNS; i++) {
    const base = timeOnce(['-e', ''], cwd);
    node.push(base);
    commands.forEach((c, k) => {
      c.before?.();
      const t = timeOnce(c.args, cwd);
      times[k]!.push(t);
      ratios[k]!.push(t / base);
    });
  }
  return { node, times, ratios };
}

const range = (xs: number[], digits = 2) => `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;

/** Runs the benchmark and returns its figures. */
export async function run(): Promise<BenchResult[]> {
  const { dir, files } = setUp();
  try {
    const plan = [bin, 'plan'];
    const memo = path.join(dir, '.masko', 'plan-memo.json');
    // Files changed within RACY_MS (2 s) cannot vouch for their bytes, so no memo is written for
    // them: the files a sync wrote minutes ago are what a user's next plan meets.
    await new Promise((r) => setTimeout(r, RACY_MS + 200));
    // Warm the caches (the stat cache, the lock's checks, the memo) and check the lock really is current.
    const first = execFileSync(process.execPath, [...plan, '--detailed-exitcode'], { cwd: dir, encoding: 'utf8' });
    if (!/^1100 unchanged; estimated 0 credits$/m.test(first)) throw new Error(`unexpected plan: ${first.slice(-300)}`);
    if (!existsSync(memo)) throw new Error('no plan memo was written for files older than RACY_MS');
    // The memo is removed before the second plan of each round, which writes it again for the next round's first.
    const warm = rounds(dir, [{ args: plan }, { args: plan, before: () => rmSync(memo, { force: true }) }]);
    let tick = 0;
    const touchAll = () => {
      const when = new Date(Date.UTC(2024, 1, 1) + ++tick * 1000);
      for (const f of files) utimesSync(f, when, when);
    };
    const touched = rounds(dir, [{ args: plan, before: touchAll }]);
    const note = (r: { node: number[] }) => `${files.length} files, 1,100 ids; ${RUNS} interleaved rounds; node -e "" median ${median(r.node).toFixed(0)} ms (${range(r.node, 0)})`;
    const hit = median(warm.ratios[0]!);
    const miss = median(warm.ratios[1]!);
    const rehash = median(touched.ratios[0]!);
    return [
      {
        name: 'plan 1,000 assets, lock current, nothing changed since the last plan: CLI / node -e ""',
        value: hit,
        unit: '×',
        goal: '≤ 3×',
        met: hit <= 3,
        note: `${note(warm)} (node -e "", plan, plan without its memo); ratio spread ${range(warm.ratios[0]!)}; answered from .masko/plan-memo.json after a look at every file`,
      },
      { name: 'plan 1,000 assets, nothing changed, wall time', value: median(warm.times[0]!), unit: 'ms', note: `spread ${range(warm.times[0]!, 0)} ms` },
      {
        name: 'plan 1,000 assets, lock current, planned afresh (no memo; stat cache and lock check warm): CLI / node -e ""',
        value: miss,
        unit: '×',
        note: `the first plan after a sync or an edit; ratio spread ${range(warm.ratios[1]!)}; wall median ${median(warm.times[1]!).toFixed(0)} ms`,
      },
      { name: 'plan 1,000 assets after touching every file (rehash): CLI / node -e ""', value: rehash, unit: '×', note: `${note(touched)}; ratio spread ${range(touched.ratios[0]!)}; wall median ${median(touched.times[0]!).toFixed(0)} ms` },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const results = await run();
  printTable(results);
  for (const r of results) if (r.note) console.log(`\n${r.name}:\n  ${r.note.split('; ').join('\n  ')}`);
}
