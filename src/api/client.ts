/** The Masko API client: the one module (with http.ts and read-wire.ts) that knows the wire. */
import { HttpJson, type HttpOptions, type HttpResponse } from './http.js';
import { POLL_PRIORITY, type RequestBudget } from './request-budget.js';
import { UnreadableAnswerError } from './errors.js';
import { FormData } from 'undici';
import { idOf, listOf, readAsset, readBatch, readCollection, readCredits, readItem, readJob, readProject, readUpload, unwrap, isObj } from './read-wire.js';
import { mimeOf, uploadProblem, uploadTypeOf } from './upload-check.js';
import type { AssetView, CollectionView, CreditsView, ItemView, JobView, ProjectView, SubmittedJob, UploadView } from './views.js';
import type { GenerateRequest, PreviewResult } from './wire.js';

export type ClientOptions = HttpOptions;

/** The field a batch body carries its generations under: the seed page says `items`, the docs pages `requests`. */
export type BatchBodyKey = 'items' | 'requests';

/** Long-poll wait the client asks for (seconds); the server may cap it. */
const LONG_POLL_SECONDS = 25;
/** The longest wait the contract lets a long poll ask for. */
const MAX_LONG_POLL_SECONDS = 60;
const PAGE = 100;
/** A guard against a server that ignores `offset`: lists longer than this many pages are cut. */
const MAX_PAGES = 200;
const READ = { priority: POLL_PRIORITY };

/** Typed calls to the Masko API, reading every documented variant of its answers. */
export class MaskoClient {
  private readonly http: HttpJson;

  constructor(options: ClientOptions) {
    this.http = new HttpJson(options);
  }

  /** The request budget that paces this client (callers that pace their own submissions read it). */
  get budget(): RequestBudget | undefined {
    return this.http.budget;
  }

  /** GET a path and return the raw answer (for `doctor`, which reports what the answers look like). */
  raw(path: string, options: { query?: Record<string, string | number | boolean | undefined>; signal?: AbortSignal } = {}): Promise<HttpResponse> {
    return this.http.send('GET', path, options);
  }

  /** POST a body and return the raw answer (for `doctor`'s free probes: bodies the service must refuse). */
  rawPost(path: string, body: unknown, signal?: AbortSignal): Promise<HttpResponse> {
    return this.http.send('POST', path, { body, signal });
  }

  /** GET /v1/credits: the balance and plan, each absent when the answer does not carry it. */
  async credits(signal?: AbortSignal): Promise<CreditsView> {
    return readCredits((await this.http.send('GET', '/v1/credits', { signal })).json);
  }

  /** GET /v1/projects (all pages). */
  async listProjects(signal?: AbortSignal): Promise<ProjectView[]> {
    return (await this.listAll('/v1/projects', {}, ['projects'], signal)).map(readProject).filter(present);
  }

  /** POST /v1/projects */
  async createProject(name: string, idempotencyKey: string, signal?: AbortSignal): Promise<ProjectView> {
    const res = await this.http.send('POST', '/v1/projects', { body: { name }, idempotencyKey, signal });
    return required(readProject(res.json), 'POST /v1/projects', res.status);
  }

  /** GET /v1/collections, optionally of one project (all pages). */
  async listCollections(projectId?: string, signal?: AbortSignal): Promise<CollectionView[]> {
    const query = projectId ? { project_id: projectId } : {};
    return (await this.listAll('/v1/collections', query, ['collections'], signal)).map(readCollection).filter(present);
  }

  /** POST /v1/collections (from a description, or from reference images: `reference_asset_ids`). */
  async createCollection(body: { name: string; project_id: string; description?: string; reference_asset_ids?: string[] }, idempotencyKey: string, signal?: AbortSignal): Promise<CollectionView> {
    const res = await this.http.send('POST', '/v1/collections', { body, idempotencyKey, signal });
    return required(readCollection(res.json), 'POST /v1/collections', res.status);
  }

  /** GET /v1/collections/:id (with its reference images, where the answer lists them). */
  async getCollection(id: string, signal?: AbortSignal): Promise<CollectionView> {
    const res = await this.http.send('GET', `/v1/collections/${enc(id)}`, { signal });
    return required(readCollection(res.json), `GET /v1/collections/${id}`, res.status);
  }

  /** POST /v1/collections/:id/references {asset_id}: attaches an uploaded image (free; at most 6). */
  async addReference(collectionId: string, assetId: string, signal?: AbortSignal): Promise<void> {
    await this.http.send('POST', `/v1/collections/${enc(collectionId)}/references`, { body: { asset_id: assetId }, signal });
  }

  /** DELETE /v1/collections/:id/references/:asset_id (free). */
  async removeReference(collectionId: string, assetId: string, signal?: AbortSignal): Promise<void> {
    await this.http.send('DELETE', `/v1/collections/${enc(collectionId)}/references/${enc(assetId)}`, { signal });
  }

  /**
   * POST /v1/upload, multipart `file`: a PNG, JPEG or WebP of at most 10 MB (checked here first, so a
   * bad file is never sent). Free. Throws UnreadableAnswerError for a 2xx without an asset id.
   */
  async uploadFile(bytes: Uint8Array, filename: string, signal?: AbortSignal): Promise<UploadView> {
    const problem = uploadProblem(bytes);
    if (problem) throw new Error(`${filename} ${problem.message}; nothing was sent`);
    const form = new FormData();
    form.append('file', new Blob([bytes], { type: mimeOf(uploadTypeOf(bytes)!) }), filename);
    const res = await this.http.send('POST', '/v1/upload', { form, signal, timeoutMs: 120_000 });
    return required(readUpload(res.json), 'POST /v1/upload', res.status);
  }

  /** POST /v1/upload {url}: Masko fetches a public image (free). */
  async uploadUrl(url: string, signal?: AbortSignal): Promise<UploadView> {
    const res = await this.http.send('POST', '/v1/upload', { body: { url }, signal, timeoutMs: 120_000 });
    return required(readUpload(res.json), 'POST /v1/upload', res.status);
  }

  /** GET /v1/collections/:id/items (all pages), each with its files. */
  async listItems(collectionId: string, signal?: AbortSignal): Promise<ItemView[]> {
    return (await this.listAll(`/v1/collections/${enc(collectionId)}/items`, {}, ['items'], signal)).map(readItem).filter(present);
  }

  /** GET /v1/items/:id */
  async getItem(id: string, signal?: AbortSignal): Promise<ItemView> {
    const res = await this.http.send('GET', `/v1/items/${enc(id)}`, { signal, pace: READ });
    return required(readItem(res.json), `GET /v1/items/${id}`, res.status);
  }

  /** PATCH /v1/items/:id {name}: free. */
  async renameItem(id: string, name: string, signal?: AbortSignal): Promise<void> {
    await this.http.send('PATCH', `/v1/items/${enc(id)}`, { body: { name }, signal });
  }

  /** PATCH /v1/items/:id {archived: true}: free; the item and its files stay, hidden from the collection. */
  async archiveItem(id: string, signal?: AbortSignal): Promise<void> {
    await this.http.send('PATCH', `/v1/items/${enc(id)}`, { body: { archived: true }, signal });
  }

  /** GET /v1/assets/:id */
  async getAsset(id: string, signal?: AbortSignal): Promise<AssetView> {
    const res = await this.http.send('GET', `/v1/assets/${enc(id)}`, { signal, pace: READ });
    return required(readAsset(res.json), `GET /v1/assets/${id}`, res.status);
  }

  /**
   * POST /v1/collections/:id/generate-batch (≤ 10 items). Resolves to one SubmittedJob per request,
   * in order. Throws ApiError for an error answer, TransportError when the exchange failed, and
   * UnreadableAnswerError for a 2xx it cannot match to the requests (something was accepted).
   */
  async generateBatch(
    collectionId: string,
    items: GenerateRequest[],
    idempotencyKey: string,
    options: { bodyKey?: BatchBodyKey; signal?: AbortSignal; priority?: number } = {},
  ): Promise<SubmittedJob[]> {
    const what = `POST /v1/collections/${collectionId}/generate-batch`;
    const res = await this.http.send('POST', `/v1/collections/${enc(collectionId)}/generate-batch`, {
      body: { [options.bodyKey ?? 'items']: items },
      idempotencyKey,
      signal: options.signal,
      timeoutMs: 60_000,
      ...(options.priority !== undefined ? { pace: { priority: options.priority } } : {}),
    });
    const jobs = readBatch(res.json);
    if (!jobs) throw new UnreadableAnswerError(`${what}: the answer (${res.status}) holds no list of jobs`, res.status);
    if (jobs.length !== items.length) {
      throw new UnreadableAnswerError(`${what}: the answer lists ${jobs.length} jobs for ${items.length} requests`, res.status);
    }
    return jobs;
  }

  /** GET /v1/jobs/:id; with `wait`, long-polls until the job ends or the server's limit passes. */
  async getJob(id: string, options: { wait?: boolean; signal?: AbortSignal; priority?: number; waitSeconds?: number } = {}): Promise<JobView> {
    const waitS = Math.min(options.waitSeconds ?? LONG_POLL_SECONDS, MAX_LONG_POLL_SECONDS);
    const res = await this.http.send('GET', `/v1/jobs/${enc(id)}`, {
      query: options.wait ? { wait: 'true', timeout: waitS } : {},
      timeoutMs: options.wait ? (waitS + 35) * 1000 : undefined,
      signal: options.signal,
      // Polls learn what the submissions wait for: they go first, and a long poll answers late.
      pace: { priority: options.priority ?? POLL_PRIORITY, late: options.wait === true },
    });
    return required(readJob(res.json), `GET /v1/jobs/${id}`, res.status);
  }

  /**
   * GET /v1/jobs of a collection (all pages, newest first where the server sorts so). `stopAfter` is
   * shown each page and ends the paging when it says so (e.g. every job sought was seen).
   */
  async listJobs(
    filter: { collectionId: string; type?: string; status?: string },
    options: { signal?: AbortSignal; stopAfter?: (page: JobView[]) => boolean; priority?: number; offset?: number } = {},
  ): Promise<JobView[]> {
    const query = { collection_id: filter.collectionId, type: filter.type, status: filter.status };
    const stopPage = options.stopAfter ? (page: unknown[]) => options.stopAfter!(page.map(readJob).filter(present)) : undefined;
    const raw = await this.listAll('/v1/jobs', query, ['jobs'], options.signal, stopPage, options.priority, options.offset);
    // Some servers ignore a filter they do not know: apply it here too.
    return raw
      .map(readJob)
      .filter(present)
      .filter((j) => j.collectionId === undefined || j.collectionId === filter.collectionId)
      .filter((j) => filter.status === undefined || j.status === filter.status);
  }

  /** POST /v1/generate/preview: free, creates no item. */
  async preview(collectionId: string, prompt: string, signal?: AbortSignal): Promise<PreviewResult> {
    const res = await this.http.send('POST', '/v1/generate/preview', { body: { collection_id: collectionId, prompt }, signal });
    const data = unwrap(res.json);
    const url = isObj(data) && typeof data.preview_url === 'string' ? data.preview_url : undefined;
    if (!url) throw new UnreadableAnswerError('POST /v1/generate/preview: the answer has no preview_url', res.status);
    return { preview_url: url, expires_at: isObj(data) && typeof data.expires_at === 'string' ? data.expires_at : '' };
  }

  /** How far the server's clock is ahead of ours (ms, from `Date` headers), once known. */
  serverClockOffsetMs(): number | undefined {
    return this.http.serverClockOffsetMs;
  }

  /** Releases connections. */
  close(): Promise<void> {
    return this.http.close();
  }

  private async listAll(
    path: string,
    query: Record<string, string | undefined>,
    names: readonly string[],
    signal?: AbortSignal,
    stopAfter?: (page: unknown[]) => boolean,
    priority = POLL_PRIORITY,
    start = 0,
  ): Promise<unknown[]> {
    const all: unknown[] = [];
    let firstId: string | undefined;
    for (let offset = start, pages = 0; pages < MAX_PAGES; pages++) {
      const res = await this.http.send('GET', path, { query: { ...query, limit: PAGE, offset }, signal, pace: { priority } });
      const { items, hasMore } = listOf(res.json, names);
      // A server that ignores offset sends the first page again: stop rather than loop.
      const id = isObj(items[0]) ? idOf(items[0].id) : undefined;
      if (offset > start && id !== undefined && id === firstId) return all;
      if (offset === start) firstId = id;
      all.push(...items);
      const more = hasMore ?? items.length >= PAGE;
      if (!more || items.length === 0 || stopAfter?.(items)) return all;
      offset += items.length;
    }
    return all;
  }
}

function required<T>(value: T | undefined, what: string, status: number): T {
  if (value === undefined) throw new UnreadableAnswerError(`${what}: the answer (${status}) has no usable id`, status);
  return value;
}

function present<T>(v: T | undefined): v is T {
  return v !== undefined;
}

function enc(id: string): string {
  return encodeURIComponent(id);
}
