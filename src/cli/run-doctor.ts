/** `doctor`: resolves the API, runs the checks, prints a table (or JSON), and exits 1 when a check failed. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { request } from 'undici';
import { MaskoClient } from '../api/client.js';
import { createDispatcher } from '../api/dispatcher.js';
import { diagnoseApi, type DoctorReport } from '../doctor/diagnose-api.js';
import { parseLock } from '../lockfile/index.js';
import { resolveApi } from './api-config.js';
import type { CliContext } from './context.js';
import { ExitCode } from './exit-codes.js';
import { manifestPathFor } from './find-manifest.js';
import { plural } from './output.js';
import { loadWireMemory } from './wire-memory.js';

/** Runs `doctor` and returns its exit code. */
export async function runDoctor(ctx: CliContext, flags: { file?: string; json: boolean; emulator: boolean }): Promise<number> {
  const dir = path.dirname(await manifestPathFor(ctx.cwd, flags.file));
  const target = await resolveApi(ctx, { emulator: flags.emulator, projectDir: dir });
  const dispatcher = createDispatcher(ctx.env, { keepAliveTimeout: 10_000, direct: target.embedded });
  const seen: Record<string, string | undefined> = {};
  const client = new MaskoClient({
    baseUrl: target.url,
    apiKey: target.key,
    userAgent: 'masko-sync doctor',
    dispatcher,
    maxAttempts: 3,
    onAnswer: ({ headers }) => {
      for (const name of ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset']) {
        const v = headers[name];
        if (v !== undefined) seen[name] = Array.isArray(v) ? v[0] : v;
      }
    },
  });
  try {
    const report = await diagnoseApi({
      apiUrl: target.url,
      client,
      ...(await lockedCollection(dir)),
      answerHeaders: () => seen,
      headUrl: async (url) => {
        const refused = target.downloads.refuse(url);
        if (refused) throw new Error(`not downloaded: ${refused}`);
        const res = await request(target.downloads.target(url), { method: 'HEAD', dispatcher, signal: ctx.signal, headersTimeout: 15_000 });
        await res.body.dump();
        const headers: Record<string, string | undefined> = {};
        for (const [k, v] of Object.entries(res.headers)) headers[k] = Array.isArray(v) ? v[0] : v;
        return { status: res.statusCode, headers };
      },
      signal: ctx.signal,
    });
    if (report.batch_body_key) {
      const memory = await loadWireMemory(dir, target.url);
      if (memory.batchBodyKey !== report.batch_body_key) {
        memory.batchBodyKey = report.batch_body_key;
        memory.save();
        await memory.flush();
      }
    }
    if (flags.json) ctx.stdout(JSON.stringify({ event: 'doctor', ...report }) + '\n');
    else ctx.stderr(renderReport(report));
    return report.ok ? ExitCode.ok : ExitCode.failure;
  } finally {
    await client.close();
    await dispatcher.close();
    await target.close();
  }
}

/** The collection the lock names, to probe with (doctor works without a manifest too). */
async function lockedCollection(dir: string): Promise<{ collection?: string }> {
  try {
    const lock = parseLock(await readFile(path.join(dir, 'masko.lock'), 'utf8'));
    return lock.collection ? { collection: lock.collection } : {};
  } catch {
    return {};
  }
}

function renderReport(r: DoctorReport): string {
  const width = Math.max(...r.checks.map((c) => c.name.length));
  const lines = [`masko-sync doctor: ${r.api_url}`, ...r.checks.map((c) => `  ${c.status.padEnd(4)}  ${c.name.padEnd(width)}  ${c.detail}`)];
  const problems = r.checks.filter((c) => c.status === 'fail').length;
  lines.push(problems === 0 ? `No problems; the answers look like the "${r.dialect}" variant. Nothing was spent.` : `${plural(problems, 'problem')}. Nothing was spent.`);
  return lines.join('\n') + '\n';
}
