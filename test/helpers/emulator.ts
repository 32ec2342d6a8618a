/**
 * A real emulator on port 0 for end-to-end tests, with a small client that reads its state. `jobs()`,
 * `balance()`, `item()` and `stats()` read the emulator's own `/_emulator/*` routes (reference shapes, no
 * faults, no rate limit), so they work the same in every dialect; `get()` is a plain API GET.
 */
import { startEmulator, type Dialect, type EmulatorOptions, type RunningEmulator, type WireStats } from '../../src/emulator/index.js';
import type { Collection, Item, Job } from '../../src/api/wire.js';

/** An emulator plus what the CLI needs to reach it and what a test needs to inspect it. */
export interface TestEmulator {
  emu: RunningEmulator;
  url: string;
  key: string;
  dialect: Dialect;
  /** MASKO_API_URL and MASKO_API_KEY for the CLI. */
  env: Record<string, string>;
  /** Every job of the key, oldest first, in the reference shape. */
  jobs(): Promise<Job[]>;
  balance(): Promise<number>;
  /** An item with its assets, in the reference shape. */
  item(id: string): Promise<Item>;
  /** A collection with its config (reference images), in the reference shape. */
  collection(id: string): Promise<Collection>;
  /** The counters of `GET /_emulator/stats`. */
  stats(): Promise<WireStats>;
  /** GET an API path (in the emulator's dialect); the parsed body and status. */
  get(path: string): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

/** Starts an emulator with fast test defaults (fallback media, small latency, fixed seed). */
export async function startTestEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
  // A limit far above what a test sends, so answers carry X-RateLimit headers (as the documented API
  // does) and the client keeps to them instead of assuming the documented 60 a minute.
  const emu = await startEmulator({ port: 0, latencyMs: 80, media: 'fallback', seed: 11, rateLimit: { perMinute: 100_000 }, ...options });
  const auth = { authorization: `Bearer ${emu.key}` };
  const get = async (path: string): Promise<{ status: number; body: unknown }> => {
    // The emulator may inject faults into these reads too: retry them.
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await fetch(emu.url + path, { headers: auth });
        const text = await res.text();
        if ((res.status === 429 || res.status >= 500) && attempt < 50) continue;
        return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
      } catch (err) {
        if (attempt >= 50) throw err;
      }
    }
  };
  const inspect = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${emu.url}/_emulator/${path}`, { headers: auth });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`GET /_emulator/${path}: ${res.status} ${text}`);
    return JSON.parse(text) as T;
  };
  return {
    emu,
    url: emu.url,
    key: emu.key,
    dialect: emu.dialect,
    env: { MASKO_API_URL: emu.url, MASKO_API_KEY: emu.key },
    jobs: async () => (await inspect<{ jobs: Job[] }>('jobs')).jobs,
    balance: async () => (await inspect<{ balance: number }>('credits')).balance,
    item: (id) => inspect<Item>(`items/${encodeURIComponent(id)}`),
    collection: (id) => inspect<Collection>(`collections/${encodeURIComponent(id)}`),
    stats: () => inspect<WireStats>('stats'),
    get,
    close: () => emu.close(),
  };
}
