/** Reads every job of a collection from a running emulator (GET /v1/jobs, all pages). */
import type { Job } from '../../src/api/wire.js';

/** All jobs of `collectionId`, newest first. */
export async function listJobs(baseUrl: string, key: string, collectionId: string): Promise<Job[]> {
  const all: Job[] = [];
  for (let offset = 0; ; ) {
    const url = new URL('/v1/jobs', baseUrl);
    url.searchParams.set('collection_id', collectionId);
    url.searchParams.set('limit', '100');
    url.searchParams.set('offset', String(offset));
    const res = await fetch(url, { headers: { authorization: `Bearer ${key}` } });
    if (!res.ok) throw new Error(`GET /v1/jobs answered ${res.status}`);
    const page = (await res.json()) as { data: Job[]; meta: { pagination: { has_more: boolean } } };
    all.push(...page.data);
    if (!page.meta.pagination.has_more || page.data.length === 0) return all;
    offset += page.data.length;
  }
}
