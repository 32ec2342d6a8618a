/** Emulator figures: generations accepted per second (batches of 10 images) and completed per second (latency 0, fallback video). */
import { pathToFileURL } from 'node:url';
import { startEmulator } from '../src/emulator/index.js';
import type { BenchResult } from './lib.js';
import { printTable } from './lib.js';

const BATCHES = 30;
const PER_BATCH = 10;
const CONCURRENCY = 4;

/** Submits BATCHES × PER_BATCH image generations over real HTTP and waits for all of them. */
export async function run(): Promise<BenchResult[]> {
  const emu = await startEmulator({ port: 0, latencyMs: 0, media: 'fallback', credits: 1_000_000, seed: 1 });
  const headers = { authorization: `Bearer ${emu.key}`, 'content-type': 'application/json' };
  const post = async (path: string, body: unknown) => {
    const res = await fetch(emu.url + path, { method: 'POST', headers, body: JSON.stringify(body) });
    return (await res.json()) as { data: { id: string; jobs: Array<{ job_id: string }> } };
  };
  try {
    const project = await post('/v1/projects', { name: 'bench' });
    const col = await post('/v1/collections', { name: 'Bench', project_id: project.data.id, description: 'a red fox' });
    const jobIds: string[] = [];
    const t0 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < BATCHES) {
          const b = next++;
          const items = Array.from({ length: PER_BATCH }, (_, i) => ({ type: 'image', name: `B${b} I${i}`, image_prompt: `pose ${b}-${i}` }));
          const r = await post(`/v1/collections/${col.data.id}/generate-batch`, { items });
          jobIds.push(...r.data.jobs.map((j) => j.job_id));
        }
      }),
    );
    const accepted = performance.now() - t0;
    for (const id of jobIds) {
      for (;;) {
        const res = await fetch(`${emu.url}/v1/jobs/${id}?wait=true`, { headers });
        const job = (await res.json()) as { data: { status: string } };
        if (job.data.status === 'completed' || job.data.status === 'failed') break;
      }
    }
    const completed = performance.now() - t0;
    const n = BATCHES * PER_BATCH;
    const acceptRate = n / (accepted / 1000);
    const doneRate = n / (completed / 1000);
    return [
      { name: `emulator: image generations accepted (${BATCHES} batches of ${PER_BATCH})`, value: acceptRate, unit: 'gen/s', goal: '> 500 gen/s', met: acceptRate > 500 },
      {
        name: 'emulator: image generations completed (PNG + transparent PNG rendered)',
        value: doneRate,
        unit: 'gen/s',
        goal: '> 20 gen/s',
        met: doneRate > 20,
        note: 'latency 0; bounded by resvg rendering',
      },
    ];
  } finally {
    await emu.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) printTable(await run());
