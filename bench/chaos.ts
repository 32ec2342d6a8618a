/**
 * `npm run chaos [-- --runs N --seed S --parallel P --dialect NAME|all --keep]`: a seeded fault campaign over the full example
 * manifest. Each run injects faults (SIGKILL of the CLI, emulator fault rates, an emulator restart),
 * runs the CLI again until it exits 0, then checks the invariants (docs/reliability.md). Exits 1 if any fails.
 */
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { DIALECTS, type Dialect } from '../src/emulator-entry.js';
import { checkFiles, checkJobs, checkRealFiles, diffPointers, listFiles, maskPointers, normaliseLock, readEmulator, readValidLock, supersededByFailedPartner, supersededProblems } from './helpers/chaos-checks.js';
import { describeFaults, drawFaults, faultFlags, outcomeFlags, seededRandom, type DrawnFaults } from './helpers/chaos-faults.js';
import { beforeSync, changedPaths, craftLock, drawPlant, plantBystanders, plantFiles, snapshot, type Plant } from './helpers/chaos-planted.js';
import { ROOT, runCli, startEmulatorProcess, type CliOutcome, type EmulatorProcess } from './helpers/chaos-procs.js';

const MANIFEST = path.join(ROOT, 'examples', 'full', 'masko.yaml');
const START_CREDITS = 1000;
/** Attempts after the faulted one(s) before a run counts as not recovering. */
const RECOVERY_ATTEMPTS = 5;

interface Options {
  runs: number;
  seed: number;
  parallel: number;
  keep: boolean;
  build: boolean;
  /** Run these run seeds instead of drawing them (to replay a failing run), each with its dialect when given (`SEED:dialect`). */
  replay?: Array<{ seed: number; dialect?: Dialect }>;
  /** The API variants the emulator answers as: run i uses dialects[i % n]. */
  dialects: Dialect[];
}

/** What a clean run looks like: compared against every faulted run. */
interface Baseline {
  lock: unknown;
  /** Pointers that differ between two clean runs with different emulator seeds (media embeds item ids). */
  varies: string[];
  credits: number;
  files: string[];
}

interface RunReport {
  seed: number;
  dialect: Dialect;
  faults: DrawnFaults;
  exits: string[];
  failures: string[];
  /** Whether the emulator restart happened (the CLI may have finished before its moment). */
  restarted: boolean;
  /** Retries the CLI logged (requests and downloads): evidence the request faults hit. */
  retries: number;
  /** Credits legitimately paid twice (transitions made again because their reverse failed). */
  paidAgain: number;
  /** A planted file or a crafted lock, and whether the run met it (a lock plant needs a lock first). */
  plant?: Plant;
  plantMet: boolean;
  /** Recovery attempts it took to reach exit 0. */
  recoveries: number;
  ms: number;
  dir: string;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { runs: 50, seed: 20260101, parallel: 2, keep: false, build: true, dialects: ['reference'] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = () => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 0) throw new Error(`${a} needs a whole number`);
      return v;
    };
    if (a === '--runs') o.runs = next();
    else if (a === '--seed') o.seed = next();
    else if (a === '--parallel') o.parallel = Math.max(1, next());
    else if (a === '--keep') o.keep = true;
    else if (a === '--no-build') o.build = false;
    else if (a === '--replay') {
      o.replay = (argv[++i] ?? '').split(',').map((item) => {
        const [seed, dialect] = item.split(':');
        if (!Number.isInteger(Number(seed)) || (dialect !== undefined && !DIALECTS.includes(dialect as Dialect))) throw new Error(`--replay takes SEED or SEED:dialect, comma-separated; got "${item}"`);
        return { seed: Number(seed), ...(dialect ? { dialect: dialect as Dialect } : {}) };
      });
    }
    else if (a === '--dialect') {
      const v = argv[++i] ?? '';
      if (v !== 'all' && !DIALECTS.includes(v as Dialect)) throw new Error(`--dialect must be all or one of ${DIALECTS.join(', ')}, got "${v}"`);
      o.dialects = v === 'all' ? [...DIALECTS] : [v as Dialect];
    } else throw new Error(`unknown option ${a} (use --runs N --seed S --parallel P --dialect NAME|all --keep --no-build --replay SEED,…)`);
  }
  return o;
}

/** A fresh project folder with the full example manifest and a repository's other files, an emulator data folder and an "outside" folder next to it. */
async function freshRun(label: string): Promise<{ dir: string; project: string; data: string; outside: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `masko-chaos-${label}-`));
  const project = path.join(dir, 'project');
  await mkdir(project);
  await copyFile(MANIFEST, path.join(project, 'masko.yaml'));
  await plantBystanders(project);
  const outside = path.join(dir, 'outside');
  await mkdir(outside);
  return { dir, project, data: path.join(dir, 'emulator'), outside };
}

/** A server on the API's host at another port: a crafted lock URL must never reach it. */
async function startTrap(): Promise<{ port: number; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server = createServer((_req, res) => {
    hits++;
    res.end('internal');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as AddressInfo).port, hits: () => hits, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const exitText = (r: CliOutcome) => (r.signal ? r.signal.replace('SIG', '').toLowerCase() : String(r.code));

/** A clean sync with no faults: its lock, charge and file list. */
async function cleanRun(emulatorSeed: number, dialect: Dialect): Promise<{ lock: unknown; credits: number; files: string[] }> {
  const { dir, project, data } = await freshRun('clean');
  const emu = await startEmulatorProcess({ port: 0, dataDir: data, seed: emulatorSeed, flags: ['--dialect', dialect] });
  try {
    const r = await runCli(project, emu).done;
    if (r.code !== 0) throw new Error(`the clean run exited ${exitText(r)}:\n${r.stderr}`);
    const { lock, problem } = await readValidLock(project);
    if (!lock) throw new Error(`clean run: ${problem}`);
    const view = await readEmulator(emu);
    return { lock: normaliseLock(lock), credits: START_CREDITS - view.balance, files: await listFiles(project, '') };
  } finally {
    await emu.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function baseline(seed: number, dialect: Dialect): Promise<Baseline> {
  const a = await cleanRun(seed, dialect);
  const b = await cleanRun(seed + 1, dialect);
  if (a.credits !== b.credits) throw new Error(`two clean runs charged ${a.credits} and ${b.credits}`);
  const varies = diffPointers(a.lock, b.lock, 1000);
  return { lock: a.lock, varies, credits: a.credits, files: a.files.filter((f) => !f.startsWith('.masko/')) };
}

/** One faulted run and its checks. */
async function chaosRun(seed: number, dialect: Dialect, base: Baseline, keep: boolean): Promise<RunReport> {
  const started = Date.now();
  const faults = drawFaults(seed);
  const plant = drawPlant(seed);
  const { dir, project, data, outside } = await freshRun(String(seed));
  const report: RunReport = { seed, dialect, faults, exits: [], failures: [], restarted: false, retries: 0, paidAgain: 0, ms: 0, dir, plantMet: false, recoveries: 0, ...(plant ? { plant } : {}) };
  const port = { value: 0 };
  // Every start answers as this run's dialect, with its outcome faults (lost answers only while faulted).
  const start = (flags: string[], lostAnswers: boolean) =>
    startEmulatorProcess({ port: port.value, dataDir: data, seed: faults.emulatorSeed, flags: ['--dialect', dialect, ...outcomeFlags(faults, lostAnswers), ...flags] }).then((e) => ((port.value = e.port), e));
  let emu: EmulatorProcess = await start(faultFlags(faults.rates, true), true);
  const trap = await startTrap();
  // The user's file or symlink, planted before the first sync.
  const planted = plant && beforeSync(plant) ? await plantFiles(plant, project, outside) : undefined;
  // Every byte outside the tool's outputs (and in the folder outside the project) is compared after each CLI run.
  const untouched = await snapshot(project, outside);
  const bystanders = async (when: string) => {
    const changed = changedPaths(untouched, await snapshot(project, outside));
    if (changed.length) report.failures.push(`no byte outside the outputs changes: ${changed.join(', ')} changed ${when}`);
  };
  try {
    if (plant && planted) {
      // It must be refused before anything is spent; then the "user" moves it away.
      const r = await runCli(project, emu).done;
      report.exits.push(exitText(r));
      await crashCheck(r, report, [4]);
      report.plantMet = true;
      if (r.code !== 4 || !planted.expect.test(r.stderr)) report.failures.push(`planted ${plant.kind} refused: exit ${exitText(r)}: ${lastLine(r.stderr)}`);
      const problem = await planted.check();
      if (problem) report.failures.push(`planted ${plant.kind} untouched: ${problem}`);
      if ((await readEmulator(emu)).jobs.length > 0) report.failures.push(`nothing paid that the plan did not show: jobs were created while ${plant.kind} was planted`);
      await bystanders(`by the run refused for ${plant.kind}`);
      await planted.undo();
    }
    // Faulted attempts: the first has the restart; each of the first `kills.length` is SIGKILLed.
    const faulted = Math.max(1, faults.kills.length);
    for (let attempt = 0; attempt < faulted; attempt++) {
      const run = runCli(project, emu, faults.kills[attempt]);
      let restarting: Promise<void> | undefined;
      if (attempt === 0 && faults.restart) {
        const { atMs, signal, downMs } = faults.restart;
        restarting = new Promise<void>((resolve) => setTimeout(resolve, atMs)).then(async () => {
          if (run.ended()) return;
          report.restarted = true;
          await emu.stop(signal);
          await new Promise((r) => setTimeout(r, downMs));
          emu = await start(faultFlags(faults.rates, true), true);
        });
      }
      const r = await run.done;
      await restarting;
      report.exits.push(exitText(r));
      await crashCheck(r, report);
      await bystanders(`by faulted attempt ${attempt + 1}`);
    }
    // Recovery: job failures off (they do not heal by retrying); request faults kept in half the runs.
    await emu.stop('SIGTERM');
    emu = await start(faults.recoverWithFaults ? faultFlags(faults.rates, false) : [], faults.recoverWithFaults);
    let ok = false;
    for (let attempt = 0; attempt < RECOVERY_ATTEMPTS && !ok; attempt++) {
      const r = await runCli(project, emu).done;
      report.exits.push(exitText(r));
      report.recoveries++;
      await crashCheck(r, report);
      await bystanders(`by recovery attempt ${attempt + 1}`);
      ok = r.code === 0;
    }
    if (!ok) report.failures.push(`completes: no exit 0 after ${RECOVERY_ATTEMPTS} recovery attempts`);
    else {
      // A pull request then edits the finished lock; the refused run changes nothing, and git puts the lock back.
      if (plant && !beforeSync(plant)) {
        await meetCraftedLock(plant, project, emu, trap, report);
        await bystanders(`by the run refused for ${plant.kind}`);
      }
      await checkInvariants(project, emu, faults, base, report);
    }
  } catch (err) {
    report.failures.push(`harness: ${(err as Error).message}`);
  } finally {
    await emu.stop('SIGTERM');
    await trap.close();
    report.ms = Date.now() - started;
    if (report.failures.length === 0 && !keep) await rm(dir, { recursive: true, force: true });
  }
  return report;
}

/**
 * A crafted lock (a path at package.json, a foreign URL, another port of the API's host) must be
 * refused with its position, with no request anywhere and nothing paid; then it is put back as git would.
 */
async function meetCraftedLock(plant: Plant, project: string, emu: EmulatorProcess, trap: { port: number; hits: () => number }, report: RunReport): Promise<void> {
  const crafted = await craftLock(plant, project, trap.port);
  if (!crafted) return report.failures.push(`crafted ${plant.kind}: the finished lock has no image to aim`), undefined;
  report.plantMet = true;
  const before = await readEmulator(emu);
  const r = await runCli(project, emu, undefined, [plant.command]).done;
  report.exits.push(exitText(r));
  await crashCheck(r, report, [1]);
  if (r.code !== 1 || !crafted.expect.test(r.stderr)) report.failures.push(`crafted ${plant.kind} refused by ${plant.command}: exit ${exitText(r)}: ${lastLine(r.stderr)}`);
  if ((await readFile(path.join(project, 'masko.lock'), 'utf8')) !== crafted.crafted) report.failures.push(`crafted ${plant.kind}: the refused run rewrote masko.lock`);
  if (trap.hits() > 0) report.failures.push(`crafted ${plant.kind}: ${trap.hits()} request(s) reached another port of the API's host`);
  const after = await readEmulator(emu);
  if (after.jobs.length !== before.jobs.length || after.balance !== before.balance) report.failures.push(`nothing paid that the plan did not show: the run refused for ${plant.kind} created jobs or spent credits`);
  await crafted.undo();
}

/** A CLI run must end with a code of the table (or by our SIGKILL), never with a stack trace. */
async function crashCheck(r: CliOutcome, report: RunReport, expected = [0, 1, 3]): Promise<void> {
  await writeFile(path.join(report.dir, `attempt-${report.exits.length}.log`), `exit ${exitText(r)} after ${r.ms} ms\n--- stderr\n${r.stderr}--- stdout\n${r.stdout}`);
  report.retries += (r.stderr.match(/^retrying /gm) ?? []).length;
  if (r.signal === 'SIGKILL') return;
  if (r.code === null || !expected.includes(r.code)) report.failures.push(`exit code: unexpected ${exitText(r)}: ${lastLine(r.stderr)}`);
  if (/^\s+at .+:\d+:\d+\)?$/m.test(r.stderr)) report.failures.push(`no crash: a stack trace in stderr: ${lastLine(r.stderr)}`);
  // The applier reports a caught bug as "internal error: …" (the emulator's injected 500s say "internal error (emulator…").
  const internal = /.*internal error: .*/.exec(r.stderr)?.[0];
  if (internal) report.failures.push(`no crash: ${internal}`);
}

const lastLine = (s: string) => s.trim().split('\n').at(-1) ?? '';

async function checkInvariants(project: string, emu: EmulatorProcess, faults: DrawnFaults, base: Baseline, report: RunReport): Promise<void> {
  const fail = (name: string, detail: string): void => void report.failures.push(`${name}: ${detail}`);
  const { lock, problem } = await readValidLock(project);
  if (!lock) return fail('lock valid', problem!);
  const diff = diffPointers(maskPointers(normaliseLock(lock), base.varies), maskPointers(base.lock, base.varies), 5);
  if (diff.length) fail('lock equals a clean run apart from ids', diff.join(', '));
  const fileProblems = await checkFiles(project, lock);
  if (fileProblems.length) fail('files match the lock', fileProblems.slice(0, 3).join('; '));

  const view = await readEmulator(emu);
  const charged = START_CREDITS - view.balance;
  const lockCredits = Object.values(lock.assets).reduce((n, e) => n + e.credits, 0);
  const completedCost = view.jobs.filter((j) => j.status === 'completed').reduce((n, j) => n + j.cost_credits, 0);
  // The only work paid twice by necessity: a transition made again because its free reverse failed.
  const again = supersededByFailedPartner(lock, view.jobs);
  const superseded = supersededProblems(lock, view.jobs);
  if (superseded.length) fail('lock equals a clean run apart from ids', superseded.slice(0, 3).join('; '));
  report.paidAgain = again.reduce((n, j) => n + j.cost_credits, 0);
  const minimum = base.credits + report.paidAgain;
  if (charged !== minimum || charged - report.paidAgain !== lockCredits || charged !== completedCost) {
    fail('credits exact', `charged ${charged}, minimum ${minimum} (clean run ${base.credits} + ${report.paidAgain} for transitions made again with their reverse), lock ${lockCredits}, completed jobs ${completedCost}`);
  }
  const realProblems = await checkRealFiles(lock, view);
  if (realProblems.length) fail('no placeholder recorded', realProblems.slice(0, 3).join('; '));
  const jobProblems = checkJobs(lock, view.jobs, faults.rates.jobFailure > 0);
  if (jobProblems.length) fail('one job per asset, none unrecorded', jobProblems.slice(0, 3).join('; '));
  if (view.collections !== 1 || view.projects !== 1) fail('one collection', `${view.collections} collections, ${view.projects} projects`);

  const files = await listFiles(project, '');
  const parts = files.filter((f) => f.endsWith('.part'));
  if (parts.length) fail('no .part files', parts.join(', '));
  if (files.includes('.masko/run.lock')) fail('run lock released', '.masko/run.lock left behind');
  const visible = files.filter((f) => !f.startsWith('.masko/'));
  const extra = visible.filter((f) => !base.files.includes(f) && !f.endsWith('.part'));
  const missing = base.files.filter((f) => !visible.includes(f));
  if (extra.length || missing.length) fail('same files as a clean run', [...extra.map((f) => `+${f}`), ...missing.map((f) => `-${f}`)].join(', '));
}

async function main(): Promise<number> {
  const o = parseArgs(process.argv.slice(2));
  if (o.build) execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  const t0 = Date.now();
  const bases = new Map<Dialect, Baseline>();
  // A replayed run keeps the dialect it failed with.
  for (const r of o.replay ?? []) if (r.dialect && !o.dialects.includes(r.dialect)) o.dialects.push(r.dialect);
  for (const d of o.dialects) bases.set(d, await baseline(o.seed, d));
  const first = bases.get(o.dialects[0]!)!;
  console.log(`chaos: ${o.runs} runs, campaign seed ${o.seed}, ${o.parallel} at a time, dialect ${o.dialects.join(', ')}; clean run charges ${first.credits} credits` +
    (first.varies.length ? `; ${first.varies.length} lock fields differ between clean runs (media embeds item ids) and are not compared` : ''));
  const seeds = (() => {
    const r = seededRandom(o.seed);
    return o.replay?.map((x) => x.seed) ?? Array.from({ length: o.runs }, () => Math.floor(r() * 2 ** 31));
  })();
  const reports: RunReport[] = [];
  let next = 0;
  const worker = async () => {
    while (next < seeds.length) {
      const i = next++;
      const dialect = o.replay?.[i]?.dialect ?? o.dialects[i % o.dialects.length]!;
      const rep = await chaosRun(seeds[i]!, dialect, bases.get(dialect)!, o.keep);
      reports.push(rep);
      const status = rep.failures.length ? `FAIL ${rep.failures.join(' | ')} (kept in ${rep.dir}; replay: --replay ${rep.seed}:${rep.dialect})` : 'OK';
      const planted = rep.plant ? `; planted ${rep.plant.kind}${beforeSync(rep.plant) ? '' : ` (met by ${rep.plant.command})`}${rep.plantMet ? '' : ' (not reached)'}` : '';
      console.log(`run ${String(i + 1).padStart(3)} seed ${rep.seed} ${rep.dialect}: ${describeFaults(rep.faults)}${rep.faults.restart && !rep.restarted ? ' (restart not reached)' : ''}${planted}; exits ${rep.exits.join(',')}; ${rep.retries} retries; ${rep.paidAgain ? `${rep.paidAgain} credits paid again for a transition pair; ` : ''}${(rep.ms / 1000).toFixed(1)} s; ${status}`);
    }
  };
  await Promise.all(Array.from({ length: o.parallel }, worker));
  summarise(reports, Date.now() - t0);
  return reports.some((r) => r.failures.length) ? 1 : 0;
}

function summarise(reports: RunReport[], ms: number): void {
  const count = (f: (r: RunReport) => boolean) => reports.filter(f).length;
  const failed = count((r) => r.failures.length > 0);
  const attempts = reports.reduce((n, r) => n + r.exits.length, 0);
  console.log('\nsummary');
  console.log(`  runs: ${reports.length}, passed: ${reports.length - failed}, failed: ${failed}, CLI runs: ${attempts}, ${(ms / 1000).toFixed(0)} s`);
  console.log(`  SIGKILLs of the CLI: ${reports.reduce((n, r) => n + r.exits.filter((e) => e === 'kill').length, 0)} (in ${count((r) => r.faults.kills.length > 0)} runs)`);
  console.log(`  emulator restarts during a sync: ${count((r) => r.restarted)} (${count((r) => r.restarted && r.faults.restart?.signal === 'SIGKILL')} by SIGKILL)`);
  for (const [name, key] of [['5xx', 'serverError'], ['429', 'rateLimit'], ['dropped connections', 'drop'], ['truncated downloads', 'truncate'], ['failing jobs', 'jobFailure']] as const) {
    console.log(`  runs with ${name}: ${count((r) => r.faults.rates[key] > 0)}`);
  }
  console.log(`  runs where a failed half of a transition pair made the other be paid again: ${count((r) => r.paidAgain > 0)} (${reports.reduce((n, r) => n + r.paidAgain, 0)} credits)`);
  console.log(`  retries logged by the CLI: ${reports.reduce((n, r) => n + r.retries, 0)}`);
  const dialects = new Map<string, number>();
  for (const r of reports) dialects.set(r.dialect, (dialects.get(r.dialect) ?? 0) + 1);
  console.log(`  runs by dialect: ${[...dialects].map(([d, n]) => `${d} ${n}`).join(', ')}`);
  console.log(`  runs with Idempotency-Key ignored: ${count((r) => r.faults.noIdempotency)}, with lost answers: ${count((r) => r.faults.loseResponse > 0)}, with a lagging CDN: ${count((r) => r.faults.cdnLagMs > 0)}`);
  const plants = new Map<string, number>();
  for (const r of reports) if (r.plant && r.plantMet) plants.set(r.plant.kind, (plants.get(r.plant.kind) ?? 0) + 1);
  console.log(`  planted files and crafted locks met (each refused, nothing outside the outputs changed): ${[...plants].map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`);
  console.log(`  runs that needed more than one recovery attempt: ${count((r) => r.recoveries > 1)}`);
  const byInvariant = new Map<string, number>();
  for (const r of reports) for (const f of r.failures) byInvariant.set(f.split(':')[0]!, (byInvariant.get(f.split(':')[0]!) ?? 0) + 1);
  for (const [name, n] of byInvariant) console.log(`  FAILED ${name}: ${n} run(s)`);
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  },
);
