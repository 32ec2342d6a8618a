/**
 * Records → the reference dialect's wire shapes (also what `/_emulator/*` answers in), and the pieces other
 * dialects build on. URLs are built here from the emulator's base URL, never stored.
 */
import type { AssetInfo, Collection, GenerateResult, Item, Job, Project, ReverseJob, UploadResult } from '../api/wire.js';
import type { Generated, ViewCtx } from './dialects/types.js';
import type { AssetRec, CollectionRec, ItemRec, JobRec, ProjectRec } from './state.js';
import { sizeUrlsOf } from './size-variants.js';
import type { Store } from './store.js';

/** The public CDN URL of an asset path. */
export function cdnUrl(base: string, assetPath: string): string {
  return `${base}/cdn/${assetPath}`;
}

export function projectView(p: ProjectRec): Project {
  return { id: p.id, name: p.name, created_at: p.created_at };
}

export function collectionView(c: CollectionRec, withConfig: boolean): Collection {
  const view: Collection = {
    id: c.id,
    name: c.name,
    description: c.description,
    project_id: c.project_id,
    slug: c.slug,
    created_at: c.created_at,
  };
  if (withConfig) view.config = { description: c.description, reference_asset_ids: [...(c.reference_asset_ids ?? [])], style_card: null };
  return view;
}

/** The answer to an upload: the asset id (and what it is). */
export function uploadView(a: AssetRec, base: string): UploadResult {
  return { asset_id: a.id, url: cdnUrl(base, a.path), format: a.format, bytes: a.bytes ?? 0, sha256: a.sha256 ?? '' };
}

export function assetView(a: AssetRec, base: string): AssetInfo {
  const view: AssetInfo = { id: a.id, item_id: a.item_id, key: a.key, format: a.format, url: cdnUrl(base, a.path), status: a.status, job_id: a.job_id };
  if (a.bytes !== undefined) view.bytes = a.bytes;
  if (a.sha256 !== undefined) view.sha256 = a.sha256;
  return view;
}

/** An item with all its assets, oldest first (earlier generations stay). */
export function itemView(i: ItemRec, store: Store, base: string): Item {
  const assets = store.assetsOf(i.id).filter((a) => !a.variant).map((a) => assetView(a, base));
  return {
    id: i.id,
    collection_id: i.collection_id,
    name: i.name,
    type: i.type,
    archived: i.archived,
    ...itemPrompts(i),
    assets,
    created_at: i.created_at,
    updated_at: i.updated_at,
  };
}

/** The prompts an item view carries (those its last generation was asked). */
export function itemPrompts(i: ItemRec): Pick<Item, 'image_prompt' | 'animation_prompt' | 'duration' | 'loop'> {
  return {
    ...(i.image_prompt !== undefined ? { image_prompt: i.image_prompt } : {}),
    ...(i.animation_prompt !== undefined ? { animation_prompt: i.animation_prompt } : {}),
    ...(i.duration !== undefined ? { duration: i.duration } : {}),
    ...(i.loop !== undefined ? { loop: i.loop } : {}),
  };
}

/** `{key: url}` of a job's assets. */
export function jobUrls(j: JobRec, store: Store, base: string): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const [key, id] of Object.entries(j.asset_ids)) {
    const a = store.data.assets[id];
    if (a) urls[key] = cdnUrl(base, a.path);
  }
  return urls;
}

export function jobView(j: JobRec, store: Store, base: string, now: number): Job {
  return {
    id: j.id,
    status: j.status,
    type: j.type,
    collection_id: j.collection_id,
    item_id: j.item_id,
    item_name: j.item_name,
    cost_credits: j.cost_credits,
    progress: progressOf(j, now),
    asset_ids: { ...j.asset_ids },
    urls: jobUrls(j, store, base),
    ...sizesField(j, store, base),
    error: j.error,
    created_at: j.created_at,
    updated_at: j.updated_at,
    completed_at: j.completed_at,
  };
}

/** The 202 data of one generation, as the contract shows it (with `reverse_job` when made at once). */
export function generateView(g: Generated, v: ViewCtx): GenerateResult {
  const { job } = g;
  const out: GenerateResult = {
    job_id: job.id, poll_url: pollUrl(v.baseUrl, job.id), status: job.status, type: job.type, ...jobSummary(job, v),
  };
  if (g.reverse) out.reverse_job = { job_id: g.reverse.id, ...jobSummary(g.reverse, v) } satisfies ReverseJob;
  return out;
}

/** What a generate answer says of a job besides its id. */
export function jobSummary(j: JobRec, v: ViewCtx): Omit<ReverseJob, 'job_id'> {
  return { item_id: j.item_id, item_name: j.item_name, cost_credits: j.cost_credits, asset_ids: { ...j.asset_ids }, urls: jobUrls(j, v.store, v.baseUrl), ...sizesField(j, v.store, v.baseUrl) };
}

/** `{sizes: {width: {key: url}}}` for a job with size variants, else nothing. */
export function sizesField(j: JobRec, store: Store, base: string): { sizes?: Record<string, Record<string, string>> } {
  const sizes = sizeUrlsOf(j, { store }, base);
  return Object.keys(sizes).length > 0 ? { sizes } : {};
}

/** The size variants as extra `urls` keys, `<key>_<width>` (the newer pages' way of listing more URLs). */
export function flatSizeUrls(j: JobRec, store: Store, base: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [width, byKey] of Object.entries(sizeUrlsOf(j, { store }, base))) for (const [key, url] of Object.entries(byKey)) out[`${key}_${width}`] = url;
  return out;
}

/** Where a job is polled. */
export function pollUrl(base: string, jobId: string): string {
  return `${base}/v1/jobs/${jobId}`;
}

/** 0–1: how far a processing job is along its latency (never 1 before it completes). */
export function progressOf(j: JobRec, now: number): number {
  if (j.status === 'completed') return 1;
  if (j.status !== 'processing' || j.started_at === null) return 0;
  const span = j.ready_at - j.started_at;
  const p = span <= 0 ? 0.95 : (now - j.started_at) / span;
  return Math.round(Math.min(0.95, Math.max(0, p)) * 100) / 100;
}
