/** A real emulator on port 0 for end-to-end tests, with a small JSON client that reads its state. */
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';
import type { Item, Job } from '../../src/api/wire.js';

/** An emulator plus what the CLI needs to reach it and what a test needs to inspect it. */
export interface TestEmulator {
  emu: RunningEmulator;
  url: string;
  key: string;
  /** MASKO_API_URL and MASKO_API_KEY for the CLI. */
  env: Record<string, string>;
  /** Every job of the key, oldest first. */
  jobs(): Promise<Job[]>;
  balance(): Promise<number>;
  item(id: string): Promise<Item>;
  /** GET a path; the parsed body and status. */
  get(path: string): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

/** Starts an emulator with fast test defaults (fallback media, small latency, fixed seed). */
export async function startTestEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
  const emu = await startEmulator({ port: 0, latencyMs: 80, media: 'fallback', seed: 11, ...options });
  const get = async (path: string): Promise<{ status: number; body: unknown }> => {
    // The emulator may inject faults into these reads too: retry them.
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await fetch(emu.url + path, { headers: { authorization: `Bearer ${emu.key}` } });
        const text = await res.text();
        if ((res.status === 429 || res.status >= 500) && attempt < 50) continue;
        return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
      } catch (err) {
        if (attempt >= 50) throw err;
      }
    }
  };
  const data = async <T>(path: string): Promise<T> => {
    const r = await get(path);
    if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return (r.body as { data: T }).data;
  };
  return {
    emu,
    url: emu.url,
    key: emu.key,
    env: { MASKO_API_URL: emu.url, MASKO_API_KEY: emu.key },
    async jobs() {
      const all: Job[] = [];
      for (let offset = 0; ; ) {
        const r = await get(`/v1/jobs?limit=100&offset=${offset}`);
        const page = r.body as { data: Job[]; meta: { pagination: { has_more: boolean } } };
        all.push(...page.data);
        if (!page.meta.pagination.has_more) return all.reverse();
        offset += page.data.length;
      }
    },
    balance: async () => (await data<{ balance: number }>('/v1/credits')).balance,
    item: (id) => data<Item>(`/v1/items/${encodeURIComponent(id)}`),
    get,
    close: () => emu.close(),
  };
}
