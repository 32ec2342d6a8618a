/**
 * Readers of every documented answer variant (`../shared/research/masko-api-evidence.md`): the
 * `{data, meta}` envelope or bare bodies, `job_id` or `id`, the item id at the top or in
 * `output_data`, string or object errors, lists under `data` or under the resource's name. Each
 * reader returns only what the answer really holds; nothing is invented or written empty.
 */
import type { JobStatus } from './wire.js';
import type { AssetView, CollectionView, CreditsView, ItemView, JobView, ProjectView, SubmittedJob } from './views.js';

type Obj = Record<string, unknown>;

const STATUSES: ReadonlySet<string> = new Set(['pending', 'processing', 'completed', 'failed']);

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `{data: …}` (with or without `meta`) → its data; anything else is taken as a bare body. */
export function unwrap(json: unknown): unknown {
  if (isObj(json) && 'data' in json && Object.keys(json).every((k) => k === 'data' || k === 'meta')) return json.data;
  return json;
}

/** Whether a body came in the envelope. */
export function isEnveloped(json: unknown): boolean {
  return isObj(json) && 'data' in json && Object.keys(json).every((k) => k === 'data' || k === 'meta');
}

/** A non-empty id (strings, or numbers some servers use), else undefined. */
export function idOf(v: unknown): string | undefined {
  if (typeof v === 'string' && v.trim() !== '') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/**
 * Asset keys are open, but they name files and lock entries: a key outside [A-Za-z0-9_-] (say
 * `icon@2x`) is kept under a safe spelling (`icon_2x`); values that are not strings are dropped.
 */
export function stringRecord(record: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObj(record)) return out;
  for (const [key, value] of Object.entries(record)) {
    if (typeof value !== 'string' || value.trim() === '') continue;
    const safe = key.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64) || 'file';
    out[safe] = value;
  }
  return out;
}

/** The elements of a list answer: `{data: [...]}`, a bare array, or `{<name>: [...]}` (older pages). */
export function listOf(json: unknown, names: readonly string[]): { items: unknown[]; hasMore?: boolean } {
  if (Array.isArray(json)) return { items: json };
  if (!isObj(json)) return { items: [] };
  const meta = isObj(json.meta) && isObj(json.meta.pagination) ? json.meta.pagination : undefined;
  const hasMore = typeof meta?.has_more === 'boolean' ? meta.has_more : undefined;
  if (Array.isArray(json.data)) return { items: json.data, ...(hasMore !== undefined ? { hasMore } : {}) };
  for (const name of names) {
    const v = json[name] ?? (isObj(json.data) ? json.data[name] : undefined);
    if (Array.isArray(v)) return { items: v, ...(hasMore !== undefined ? { hasMore } : {}) };
  }
  return { items: [] };
}

/** One generate answer (or batch element). */
export function readSubmitted(raw: unknown): SubmittedJob {
  if (!isObj(raw)) return { assetIds: {}, urls: {} };
  const outputData = isObj(raw.output_data) ? raw.output_data : {};
  const job: SubmittedJob = {
    assetIds: stringRecord(raw.asset_ids),
    urls: stringRecord(raw.urls ?? raw.cdn_urls),
  };
  const jobId = idOf(raw.job_id) ?? idOf(raw.id);
  const itemId = idOf(raw.item_id) ?? idOf(outputData.item_id);
  const itemName = str(raw.item_name) ?? str(raw.name);
  const cost = num(raw.cost_credits) ?? num(raw.cost);
  if (jobId !== undefined) job.jobId = jobId;
  if (itemId !== undefined) job.itemId = itemId;
  if (itemName !== undefined) job.itemName = itemName;
  if (cost !== undefined) job.cost = cost;
  const reverse = raw.reverse_job;
  if (isObj(reverse)) job.reverse = readSubmitted(reverse);
  return job;
}

/**
 * A batch answer in request order: `{data: {jobs: [...]}}` (seed), `{data: [...]}` (docs),
 * `{jobs: [...]}` (bare), or a bare list. Undefined when no list of jobs can be found.
 */
export function readBatch(json: unknown): SubmittedJob[] | undefined {
  const body = unwrap(json);
  const list = Array.isArray(body) ? body : isObj(body) && Array.isArray(body.jobs) ? body.jobs : undefined;
  return list?.map(readSubmitted);
}

/** A job view; undefined when it has no id or no known status (an answer the client cannot use). */
export function readJob(raw: unknown): JobView | undefined {
  const o = unwrap(raw);
  if (!isObj(o)) return undefined;
  const id = idOf(o.id) ?? idOf(o.job_id);
  const status = typeof o.status === 'string' && STATUSES.has(o.status) ? (o.status as JobStatus) : undefined;
  if (id === undefined || status === undefined) return undefined;
  const outputData = isObj(o.output_data) ? o.output_data : {};
  const job: JobView = { id, status, assetIds: stringRecord(o.asset_ids), urls: stringRecord(o.urls ?? o.cdn_urls) };
  const extra: Partial<JobView> = {
    type: str(o.type),
    collectionId: idOf(o.collection_id),
    itemId: idOf(o.item_id) ?? idOf(outputData.item_id),
    itemName: str(o.item_name),
    cost: num(o.cost_credits),
    progress: num(o.progress),
    createdAt: str(o.created_at),
    endedAt: status === 'completed' || status === 'failed' ? (str(o.completed_at) ?? str(o.updated_at)) : undefined,
  };
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) (job as unknown as Obj)[k] = v;
  const error = readJobError(o.error);
  if (error) job.error = error;
  return job;
}

function readJobError(v: unknown): { code: string; message: string } | undefined {
  if (typeof v === 'string' && v !== '') return { code: 'job_failed', message: v };
  if (isObj(v)) return { code: str(v.code) ?? 'job_failed', message: str(v.message) ?? str(v.code) ?? 'the job failed' };
  return undefined;
}

/** An item with its files (the asset key comes as `key` or, on the docs pages, `type`). */
export function readItem(raw: unknown): ItemView | undefined {
  const o = unwrap(raw);
  if (!isObj(o)) return undefined;
  const id = idOf(o.id) ?? idOf(o.item_id);
  if (id === undefined) return undefined;
  const item: ItemView = { id, assets: [] };
  const name = str(o.name);
  const type = str(o.type);
  const createdAt = str(o.created_at);
  if (name !== undefined) item.name = name;
  if (type !== undefined) item.type = type;
  if (createdAt !== undefined) item.createdAt = createdAt;
  if (typeof o.archived === 'boolean') item.archived = o.archived;
  if (Array.isArray(o.assets)) {
    for (const a of o.assets) {
      const asset = readAsset(a);
      if (asset) item.assets.push({ ...asset, itemId: asset.itemId ?? id });
    }
  }
  return item;
}

/** One asset record. */
export function readAsset(raw: unknown): AssetView | undefined {
  const o = unwrap(raw);
  if (!isObj(o)) return undefined;
  const id = idOf(o.id) ?? idOf(o.asset_id);
  if (id === undefined) return undefined;
  const asset: AssetView = { id };
  const fields: Partial<AssetView> = {
    key: str(o.key) ?? str(o.type) ?? str(o.asset_type),
    url: str(o.url),
    status: str(o.status),
    itemId: idOf(o.item_id),
    jobId: idOf(o.job_id),
    bytes: num(o.bytes),
    sha256: str(o.sha256),
  };
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) (asset as unknown as Obj)[k] = v;
  return asset;
}

/** The balance from whichever documented field is there (`balance`, `credits`, or the two pools), and the plan if given. */
export function readCredits(raw: unknown): CreditsView {
  const o = unwrap(raw);
  if (!isObj(o)) return {};
  const view: CreditsView = {};
  const sub = num(o.subscription_credits);
  const top = num(o.topup_credits);
  const balance = num(o.balance) ?? num(o.credits) ?? num(o.available) ?? (sub !== undefined && top !== undefined ? sub + top : undefined);
  if (balance !== undefined) view.balance = balance;
  const plan = str(o.plan) ?? (isObj(o.plan) ? str(o.plan.name) : undefined);
  if (plan !== undefined) view.plan = plan.toLowerCase();
  return view;
}

export function readProject(raw: unknown): ProjectView | undefined {
  const o = unwrap(raw);
  if (!isObj(o)) return undefined;
  const id = idOf(o.id) ?? idOf(o.project_id);
  if (id === undefined) return undefined;
  const name = str(o.name);
  return name === undefined ? { id } : { id, name };
}

export function readCollection(raw: unknown): CollectionView | undefined {
  const o = unwrap(raw);
  if (!isObj(o)) return undefined;
  const id = idOf(o.id) ?? idOf(o.collection_id);
  if (id === undefined) return undefined;
  const view: CollectionView = { id };
  const name = str(o.name);
  const projectId = idOf(o.project_id);
  if (name !== undefined) view.name = name;
  if (projectId !== undefined) view.projectId = projectId;
  return view;
}

/** The parts of an error answer: `{error: {code, message, …}}` or `{error: "message", …extras}`. */
export function readErrorBody(json: unknown): { code?: string; message?: string; details: Obj } {
  if (!isObj(json)) return { details: {} };
  const { error, ...top } = json;
  if (isObj(error)) {
    const { code, message, ...details } = error;
    return { code: str(code), message: str(message), details: { ...top, ...details } };
  }
  if (typeof error === 'string') {
    // Older pages: extras sit beside the string (`available` is what the newer pages call `balance`).
    const details: Obj = { ...top };
    if (details.balance === undefined && details.available !== undefined) details.balance = details.available;
    return { message: error, details };
  }
  return { message: str(json.message), details: {} };
}
