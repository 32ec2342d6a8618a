/** `doctor` as a library function: a free, read-only check of the configured API (writes nothing but `.masko/`). */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { request } from 'undici';
import { MaskoClient } from '../api/client.js';
import { createDispatcher } from '../api/dispatcher.js';
import { diagnoseApi, type DoctorReport } from '../doctor/diagnose-api.js';
import { parseLock } from '../lockfile/index.js';
import { resolveApi } from './api-target.js';
import type { OperationContext } from './context.js';
import { manifestPathFor } from './find-manifest.js';
import { loadWireMemory } from './wire-memory.js';

/** Resolves the API (MASKO_API_URL and MASKO_API_KEY, or the in-process emulator) and runs every check. */
export async function doctor(ctx: OperationContext, flags: { file?: string; emulator?: boolean } = {}): Promise<DoctorReport> {
  const dir = path.dirname(await manifestPathFor(ctx.cwd, flags.file));
  const target = await resolveApi(ctx, { emulator: flags.emulator ?? false, projectDir: dir });
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
        const res = await request(target.downloads.target(url), { method: 'HEAD', dispatcher, ...(ctx.signal ? { signal: ctx.signal } : {}), headersTimeout: 15_000 });
        await res.body.dump();
        const headers: Record<string, string | undefined> = {};
        for (const [k, v] of Object.entries(res.headers)) headers[k] = Array.isArray(v) ? v[0] : v;
        return { status: res.statusCode, headers };
      },
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
    if (report.batch_body_key) {
      const memory = await loadWireMemory(dir, target.url);
      if (memory.batchBodyKey !== report.batch_body_key) {
        memory.batchBodyKey = report.batch_body_key;
        memory.save();
        await memory.flush();
      }
    }
    return report;
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

