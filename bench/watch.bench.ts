/**
 * Watch mode: (1) from saving the manifest to its plan printed, median of 20 saves, with the default
 * debounce and write-settling; (2) from a job completing (the emulator's completed_at) to its card
 * turning ready for a gallery client listening to the server-sent events.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CliContext } from '../src/cli/context.js';
import { runWatch } from '../src/cli/run-watch.js';
import { startEmulator } from '../src/emulator/index.js';
import { median, printTable, type BenchResult } from './lib.js';

const manifest = (prompt: string, extra = '') => `version: 1
collection: { name: Bench fox, description: an orange fox }
output: { dir: out }
assets:
  idle: { type: image, image_prompt: "${prompt}" }
${extra}`;

/** A watch session in `dir`; `waitFor` resolves when stderr matches after `from` characters. */
async function session(dir: string, env: Record<string, string>, maxCredits: number) {
  const abort = new AbortController();
  let err = '';
  const waiters: Array<() => void> = [];
  let url = '';
  const ctx: CliContext = {
    stdout: () => undefined,
    stderr: (t) => {
      err += t;
      waiters.splice(0).forEach((w) => w());
    },
    env: { ...env, NO_COLOR: '1', CI: '1' },
    cwd: dir,
    isTTY: false,
    exitCode: 0,
    signal: abort.signal,
  };
  const done = runWatch(ctx, { port: 0, preview: false, maxCredits, emulator: false, json: false }, { onReady: (i) => (url = i.url) });
  const waitFor = (re: RegExp, from: number) =>
    new Promise<void>((resolve) => {
      const check = () => (re.test(err.slice(from)) ? resolve() : waiters.push(check));
      check();
    });
  await waitFor(/Watching/, 0);
  return { url, waitFor, length: () => err.length, stop: () => (abort.abort(), done) };
}

async function saveToPlan(): Promise<BenchResult> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'masko-bench-watch-'));
  try {
    await writeFile(path.join(dir, 'masko.yaml'), manifest('start'));
    // Budget 0: every run plans and then skips, so nothing but the plan is timed and no API is needed.
    const w = await session(dir, {}, 0);
    await w.waitFor(/Nothing was submitted/, 0);
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const from = w.length();
      const t0 = performance.now();
      await writeFile(path.join(dir, 'masko.yaml'), manifest(`pose ${i}`));
      await w.waitFor(/estimated \d+ credits?\n/, from);
      times.push(performance.now() - t0);
      await w.waitFor(/Nothing was submitted/, from);
    }
    await w.stop();
    const value = median(times);
    return { name: 'watch: save → plan printed (median of 20, settle + debounce included)', value, unit: 'ms', goal: '≤ 300 ms', met: value <= 300 };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function jobToCard(): Promise<BenchResult> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'masko-bench-watch-'));
  const emu = await startEmulator({ port: 0, latencyMs: 200, media: 'fallback', seed: 3 });
  try {
    await writeFile(path.join(dir, 'masko.yaml'), manifest('start'));
    const w = await session(dir, { MASKO_API_URL: emu.url, MASKO_API_KEY: emu.key }, 25);
    await w.waitFor(/1 completed/, 0);
    const delays: number[] = [];
    for (let i = 0; i < 10; i++) {
      const ready = readyOverSse(w.url, 'idle');
      const from = w.length();
      await writeFile(path.join(dir, 'masko.yaml'), manifest(`pose ${i}`));
      const seenAt = await ready;
      await w.waitFor(/1 completed/, from);
      const jobs = (await (await fetch(`${emu.url}/v1/jobs?limit=1`, { headers: { authorization: `Bearer ${emu.key}` } })).json()) as { data: Array<{ completed_at: string }> };
      delays.push(seenAt - Date.parse(jobs.data[0]!.completed_at));
    }
    await w.stop();
    const value = median(delays);
    return { name: 'watch: job completed → its card ready in an SSE client (median of 10; poll, download, lock write included)', value, unit: 'ms', note: `min ${Math.min(...delays)} ms, max ${Math.max(...delays)} ms` };
  } finally {
    await emu.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Resolves with the wall-clock time at which the card, after being seen pending, arrived ready. */
async function readyOverSse(url: string, id: string): Promise<number> {
  const res = await fetch(url + 'events');
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buf = '';
  let sawPending = false;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error('event stream ended');
    buf += value;
    let cut;
    while ((cut = buf.indexOf('\n\n')) >= 0) {
      const block = buf.slice(0, cut);
      buf = buf.slice(cut + 2);
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (!block.startsWith('event: card') || !data) continue;
      const card = JSON.parse(data) as { id: string; state: string };
      if (card.id !== id) continue;
      if (card.state === 'pending') sawPending = true;
      if (card.state === 'ready' && sawPending) {
        const at = Date.now();
        await reader.cancel();
        return at;
      }
    }
  }
}

/** Runs the watch benchmarks. */
export async function run(): Promise<BenchResult[]> {
  return [await saveToPlan(), await jobToCard()];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) printTable(await run());
