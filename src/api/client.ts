/** The Masko API client: the one module (with http.ts and wire.ts) that knows the wire. */
import { HttpJson, type HttpOptions } from './http.js';
import { TransportError } from './errors.js';
import type {
  AssetInfo,
  BatchResult,
  Collection,
  Credits,
  GenerateRequest,
  Item,
  Job,
  Pagination,
  PreviewResult,
  Project,
} from './wire.js';

export type ClientOptions = HttpOptions;

/** Long-poll wait the client asks for (seconds); the server may cap it. */
const LONG_POLL_SECONDS = 25;

/** Typed calls to the Masko API. Accepts both `{data: …}` envelopes and bare objects. */
export class MaskoClient {
  private readonly http: HttpJson;

  constructor(options: ClientOptions) {
    this.http = new HttpJson(options);
  }

  /** GET /v1/credits */
  async credits(signal?: AbortSignal): Promise<Credits> {
    return data<Credits>((await this.http.send('GET', '/v1/credits', { signal })).json);
  }

  /** GET /v1/projects (all pages). */
  async listProjects(signal?: AbortSignal): Promise<Project[]> {
    return this.listAll<Project>('/v1/projects', {}, signal);
  }

  /** POST /v1/projects */
  async createProject(name: string, idempotencyKey: string, signal?: AbortSignal): Promise<Project> {
    const res = await this.http.send('POST', '/v1/projects', { body: { name }, idempotencyKey, signal });
    return data<Project>(res.json);
  }

  /** POST /v1/collections */
  async createCollection(
    body: { name: string; project_id: string; description: string },
    idempotencyKey: string,
    signal?: AbortSignal,
  ): Promise<Collection> {
    return data<Collection>((await this.http.send('POST', '/v1/collections', { body, idempotencyKey, signal })).json);
  }

  /** GET /v1/collections/:id */
  async getCollection(id: string, signal?: AbortSignal): Promise<Collection> {
    return data<Collection>((await this.http.send('GET', `/v1/collections/${enc(id)}`, { signal })).json);
  }

  /** GET /v1/items/:id */
  async getItem(id: string, signal?: AbortSignal): Promise<Item> {
    return data<Item>((await this.http.send('GET', `/v1/items/${enc(id)}`, { signal })).json);
  }

  /** PATCH /v1/items/:id {name}: free. */
  async renameItem(id: string, name: string, signal?: AbortSignal): Promise<Item> {
    return data<Item>((await this.http.send('PATCH', `/v1/items/${enc(id)}`, { body: { name }, signal })).json);
  }

  /** GET /v1/assets/:id */
  async getAsset(id: string, signal?: AbortSignal): Promise<AssetInfo> {
    return data<AssetInfo>((await this.http.send('GET', `/v1/assets/${enc(id)}`, { signal })).json);
  }

  /** POST /v1/collections/:id/generate-batch (≤ 10 items); the key makes a retry charge nothing. */
  async generateBatch(
    collectionId: string,
    items: GenerateRequest[],
    idempotencyKey: string,
    signal?: AbortSignal,
  ): Promise<BatchResult> {
    const res = await this.http.send('POST', `/v1/collections/${enc(collectionId)}/generate-batch`, {
      body: { items },
      idempotencyKey,
      signal,
      timeoutMs: 60_000,
    });
    const result = data<BatchResult>(res.json);
    if (!Array.isArray(result.jobs) || result.jobs.length !== items.length) {
      throw new TransportError(`generate-batch answered ${result.jobs?.length ?? 0} jobs for ${items.length} items`);
    }
    for (const job of result.jobs) {
      checkIds('generate-batch', job.job_id, job.item_id);
      sanitizeKeys(job);
      if (job.reverse_job) {
        checkIds('generate-batch reverse_job', job.reverse_job.job_id, job.reverse_job.item_id);
        sanitizeKeys(job.reverse_job);
      }
    }
    return result;
  }

  /** GET /v1/jobs/:id; with `wait`, long-polls until the job ends or the server's limit passes. */
  async getJob(id: string, options: { wait?: boolean; signal?: AbortSignal } = {}): Promise<Job> {
    const res = await this.http.send('GET', `/v1/jobs/${enc(id)}`, {
      query: options.wait ? { wait: 'true', timeout: LONG_POLL_SECONDS } : {},
      timeoutMs: options.wait ? (LONG_POLL_SECONDS + 35) * 1000 : undefined,
      signal: options.signal,
    });
    const job = data<Job>(res.json);
    checkIds(`job ${id}`, job.id, job.item_id ?? '');
    sanitizeKeys(job);
    return job;
  }

  /** POST /v1/generate/preview: free, creates no item. */
  async preview(collectionId: string, prompt: string, signal?: AbortSignal): Promise<PreviewResult> {
    const res = await this.http.send('POST', '/v1/generate/preview', {
      body: { collection_id: collectionId, prompt },
      signal,
    });
    return data<PreviewResult>(res.json);
  }

  /** Releases connections. */
  close(): Promise<void> {
    return this.http.close();
  }

  private async listAll<T>(path: string, query: Record<string, string>, signal?: AbortSignal): Promise<T[]> {
    const all: T[] = [];
    for (let offset = 0; ; ) {
      const res = await this.http.send('GET', path, { query: { ...query, limit: 100, offset }, signal });
      const page = res.json as { data?: unknown; meta?: { pagination?: Pagination } };
      const items = (Array.isArray(page) ? page : Array.isArray(page.data) ? page.data : []) as T[];
      all.push(...items);
      const p = Array.isArray(page) ? undefined : page.meta?.pagination;
      if (!p?.has_more || items.length === 0) return all;
      offset += items.length;
    }
  }
}

/** Ids the client records must be non-empty strings: anything else is an answer it does not understand. */
function checkIds(what: string, ...ids: unknown[]): void {
  for (const id of ids) {
    if (typeof id !== 'string') throw new TransportError(`${what}: the answer has no usable id (${JSON.stringify(id)})`);
  }
}

/**
 * Asset keys are open, but they name files and lock entries: a key outside [A-Za-z0-9_-] (say
 * `icon@2x`) is recorded under a safe spelling (`icon_2x`); URLs and asset ids must be strings.
 */
function sanitizeKeys(job: { asset_ids: Record<string, string>; urls: Record<string, string> }): void {
  const clean = (record: unknown): Record<string, string> => {
    const out: Record<string, string> = {};
    if (!record || typeof record !== 'object') return out;
    for (const [key, value] of Object.entries(record as Record<string, unknown>)) {
      if (typeof value !== 'string') continue;
      const safe = key.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64) || 'file';
      out[safe] = value;
    }
    return out;
  };
  job.asset_ids = clean(job.asset_ids);
  job.urls = clean(job.urls);
}

/** Unwraps `{data: …}`; older public examples send bare objects, which are accepted as they are. */
function data<T>(json: unknown): T {
  if (json && typeof json === 'object' && 'data' in json && Object.keys(json).every((k) => k === 'data' || k === 'meta')) {
    return (json as { data: T }).data;
  }
  return json as T;
}

function enc(id: string): string {
  return encodeURIComponent(id);
}
