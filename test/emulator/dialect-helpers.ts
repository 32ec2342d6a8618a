/** Reading answers in a dialect's own shape (what a client for that variant of the API would do). */
import type { Dialect } from '../../src/emulator/index.js';
import type { Client } from './helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** The data of a single-object answer. */
export function one(dialect: Dialect, body: any): any {
  return dialect === 'docs-legacy' ? body : body.data;
}

/** The elements of a list answer. */
export function list(dialect: Dialect, body: any, name: string): any[] {
  return dialect === 'docs-legacy' ? body[name] : body.data;
}

/** The batch key a dialect takes. */
export function batchKey(dialect: Dialect): 'items' | 'requests' {
  return dialect === 'seed' ? 'items' : 'requests';
}

/** The generate answers of a batch answer, in request order. */
export function batchJobs(dialect: Dialect, body: any): any[] {
  if (dialect === 'docs-legacy') return body.jobs;
  if (dialect === 'docs') return body.data;
  return body.data.jobs;
}

/** Long-polls a job until it ends; its final view in the dialect's shape. */
export async function finish(c: Client, dialect: Dialect, jobId: string): Promise<any> {
  for (let i = 0; i < 100; i++) {
    const r = await c.get(`/v1/jobs/${jobId}?wait=true&timeout=10`);
    if (r.status !== 200) throw new Error(`job poll: ${r.status} ${JSON.stringify(r.body)}`);
    const job = one(dialect, r.body);
    if (job.status === 'completed' || job.status === 'failed') return job;
  }
  throw new Error('job never ended');
}

/** Sorted keys of an object. */
export const keys = (o: object): string[] => Object.keys(o).sort();
