/** `startEmulator`: a local Masko-compatible API (under /v1) and CDN (under /cdn) on loopback. */
import { randomInt } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { Server } from 'node:http';
import { buildApp } from './app.js';
import { emptyStats, type Core, type EmulatorStats } from './core.js';
import { dialectNamed, type Dialect } from './dialects/index.js';
import { Faults } from './faults.js';
import { spawnDeferredReverse } from './generate.js';
import { IDEMPOTENCY_TTL_MS, Idempotency } from './idempotency.js';
import { JobRunner } from './jobs.js';
import { createMediaRenderer } from './media/index.js';
import { resolveOptions, type EmulatorOptions } from './options.js';
import { RateLimiter } from './rate-limit.js';
import { RenderService } from './render.js';
import { Store } from './store.js';
import { TimeScale } from './time-scale.js';
import { wireStats, type WireStats } from './wire-stats.js';

export { DEFAULT_KEY, KEY_PATTERN, LATENCY_KINDS, type EmulatorOptions, type FaultOptions, type LatencyKind } from './options.js';
export { DIALECTS, type Dialect } from './dialects/index.js';
export type { EmulatorStats } from './core.js';
export type { WireStats } from './wire-stats.js';

/** A running emulator. */
export interface RunningEmulator {
  /** base URL, e.g. http://127.0.0.1:PORT — the API is under /v1, the CDN under /cdn */
  url: string;
  /** the main API key */
  key: string;
  port: number;
  /** the dialect it answers in */
  dialect: Dialect;
  /** stops timers and the server; state already persisted stays in dataDir */
  close(): Promise<void>;
  /** counters since start */
  stats(): EmulatorStats;
  /** the body `GET /_emulator/stats` answers */
  wireStats(): WireStats;
}

/** Starts the emulator; throws an Error naming the bad option, or the listen error. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const opts = resolveOptions(options, () => randomInt(0, 2 ** 31));
  const now = (): number => Date.now();
  const stats = emptyStats();
  const store = new Store(opts.dataDir, opts.seed);
  store.ensureAccounts(opts.keys);
  // A restored state keeps its own seed, so ids and faults continue the same sequence.
  opts.seed = store.data.seed;
  const media = createMediaRenderer({ mode: opts.media, log: opts.log });
  const render = new RenderService(media, opts.dataDir);
  const time = new TimeScale(opts.timeScale);
  const scale = (ms: number): number => time.ms(ms);
  const core: Core = {
    store,
    opts,
    dialect: dialectNamed(opts.dialect),
    time,
    baseUrl: '',
    faults: new Faults(opts, stats),
    rateLimiter: new RateLimiter(opts.rateLimit, now, scale),
    idempotency: new Idempotency(store, now, time.ms(IDEMPOTENCY_TTL_MS)),
    runner: new JobRunner(store, render, stats, now, opts.log),
    render,
    stats,
    now,
  };
  core.runner.onCompleted = (job) => {
    if (spawnDeferredReverse(core, job)) store.saveSoon();
  };
  const app = buildApp(core);
  const server = createAdaptorServer({ fetch: app.fetch, hostname: opts.host }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  core.baseUrl = `http://${urlHost(opts.host)}:${port}`;
  core.runner.resumeAll();
  opts.log(`emulator listening on ${core.baseUrl} (dialect ${opts.dialect}, media: ${media.videoMode} video, seed ${opts.seed})`);

  let closing: Promise<void> | undefined;
  return {
    url: core.baseUrl,
    key: opts.keys[0]!.key,
    port,
    dialect: opts.dialect,
    stats: () => structuredClone(stats),
    wireStats: () => wireStats(stats),
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        core.runner.close();
        store.save();
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}

/** The host to put in URLs: wildcard binds are reached through loopback; IPv6 needs brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '' ) return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
