/** Test helpers: a started emulator on port 0 and a tiny JSON client over real HTTP. */
import { afterEach } from 'vitest';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/index.js';

export interface Reply {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  headers: Headers;
}

const running: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.close()));
});

/** Starts an emulator with fast test defaults; closed after each test. */
export async function start(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  const emu = await startEmulator({ port: 0, latencyMs: 30, media: 'fallback', seed: 7, ...opts });
  running.push(emu);
  return emu;
}

/** A JSON client bound to one emulator and key. */
export function client(emu: RunningEmulator, key: string = emu.key) {
  const req = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> => {
    const init: RequestInit = { method, headers: { authorization: `Bearer ${key}`, ...headers } };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
    }
    const res = await fetch(emu.url + path, init);
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
  };
  return {
    req,
    get: (path: string) => req('GET', path),
    post: (path: string, body?: unknown, headers?: Record<string, string>) => req('POST', path, body, headers),
    patch: (path: string, body?: unknown) => req('PATCH', path, body),
    /** Long-polls a job until it ends; returns its final data. */
    async finish(jobId: string) {
      for (let i = 0; i < 50; i++) {
        const r = await req('GET', `/v1/jobs/${jobId}?wait=true&timeout=10`);
        if (r.status !== 200) throw new Error(`job poll: ${r.status} ${JSON.stringify(r.body)}`);
        if (r.body.data.status === 'completed' || r.body.data.status === 'failed') return r.body.data;
      }
      throw new Error('job never ended');
    },
    async balance(): Promise<number> {
      return (await req('GET', '/v1/credits')).body.data.balance;
    },
  };
}
export type Client = ReturnType<typeof client>;

/** Creates a project and a collection; returns the collection id. */
export async function makeCollection(c: Client, name = 'Fox Friend', description = 'an orange fox with a blue scarf'): Promise<string> {
  const p = await c.post('/v1/projects', { name: 'Test project' });
  const col = await c.post('/v1/collections', { name, project_id: p.body.data.id, description });
  if (col.status !== 201) throw new Error(`collection: ${col.status} ${JSON.stringify(col.body)}`);
  return col.body.data.id;
}

/** Generates one image and waits for it; returns the 202 data. */
export async function readyImage(c: Client, collectionId: string, name = 'Idle', prompt = 'standing relaxed') {
  const r = await c.post(`/v1/collections/${collectionId}/generate`, { type: 'image', name, image_prompt: prompt });
  if (r.status !== 202) throw new Error(`generate: ${r.status} ${JSON.stringify(r.body)}`);
  await c.finish(r.body.data.job_id);
  return r.body.data;
}

/** Another valid key for multi-account tests. */
export const OTHER_KEY = 'masko_' + 'ab'.repeat(32);
