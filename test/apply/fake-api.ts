import { createHash } from 'node:crypto';
/** An in-memory API for applier unit tests: jobs complete at once (or fail), every call is recorded, answers can be shaped like each documented variant. */
import { ApiError, TransportError } from '../../src/api/errors.js';
import type { ItemView, JobView, SubmittedJob } from '../../src/api/views.js';
import type { GenerateRequest } from '../../src/api/wire.js';
import type { BatchBodyKey } from '../../src/api/client.js';
import type { ApplyApi, ApplyFiles } from '../../src/apply/types.js';

export interface FakeOptions {
  /** Honour Idempotency-Key (replay the first answer); off by default, as the docs pages never promise it. */
  idempotency?: boolean;
  /** Leave these out of generate answers. */
  answerWithout?: Array<'job_id' | 'item_id' | 'asset_ids' | 'cost' | 'reverse'>;
  /** Leave asset ids out of job views (the current Jobs page). */
  jobViewWithoutAssetIds?: boolean;
  /** The only batch body key accepted (400 naming the other). */
  bodyKey?: BatchBodyKey;
  /** Reverse jobs start only when their transition completes (the docs' way). */
  lateReverse?: boolean;
}

export class FakeApi implements ApplyApi {
  batches: Array<{ names: string[]; key: string; items: GenerateRequest[] }> = [];
  jobs = new Map<string, JobView>();
  items = new Map<string, ItemView>();
  renames: Array<[string, string]> = [];
  failNames = new Set<string>();
  rejectBatch?: (items: GenerateRequest[]) => Error | undefined;
  /** Accept the next batch(es), then lose the answer (as a dropped connection would). */
  loseAnswers = 0;
  calls: string[] = [];
  private readonly seen = new Map<string, { body: string; res: SubmittedJob[] }>();
  private n = 0;
  // Jobs are created "now" on the fake server's clock, as a real server's would be: a run matches
  // lost answers to jobs created since it sent them.
  private clock = Date.now();

  constructor(readonly opts: FakeOptions = {}) {}

  async generateBatch(_c: string, items: GenerateRequest[], key: string, options: { bodyKey?: BatchBodyKey } = {}): Promise<SubmittedJob[]> {
    this.calls.push('generateBatch');
    if (this.opts.bodyKey && (options.bodyKey ?? 'items') !== this.opts.bodyKey) {
      throw new ApiError(400, 'bad_request', `${options.bodyKey ?? 'items'}: unknown field (use ${this.opts.bodyKey})`, { field: options.bodyKey ?? 'items' });
    }
    const err = this.rejectBatch?.(items);
    if (err) throw err;
    const body = JSON.stringify(items);
    const first = this.opts.idempotency ? this.seen.get(key) : undefined;
    const res = first?.res ?? this.create(items, key);
    this.seen.set(key, { body, res });
    if (this.loseAnswers > 0) {
      this.loseAnswers--;
      throw new TransportError('POST generate-batch failed: socket hang up', { delivery: 'maybe' });
    }
    return structuredClone(res);
  }

  /** Creates jobs as the server would (also usable by tests to make jobs "elsewhere"). */
  create(items: GenerateRequest[], key = 'direct'): SubmittedJob[] {
    this.batches.push({ names: items.map((i) => i.name ?? i.edit_instructions ?? '?'), key, items });
    return items.map((item) => {
      const job = this.makeJob(item, item.type, item.name ?? this.items.get(item.item_id ?? '')?.name ?? '?', item.item_id);
      const out: SubmittedJob = { jobId: job.id, itemId: job.itemId!, itemName: job.itemName!, cost: 1, assetIds: { ...job.assetIds }, urls: { ...job.urls } };
      if (item.auto_reverse) {
        const reverseName = item.reverse_name ?? `${item.name} (reverse)`;
        if (this.opts.lateReverse) this.pendingReverse.set(job.id, reverseName);
        else {
          const rev = this.makeJob(item, 'reverse', reverseName, undefined);
          out.reverse = { jobId: rev.id, itemId: rev.itemId!, itemName: reverseName, cost: 0, assetIds: { ...rev.assetIds }, urls: { ...rev.urls } };
        }
      }
      for (const w of this.opts.answerWithout ?? []) {
        if (w === 'job_id') delete out.jobId;
        if (w === 'item_id') delete out.itemId;
        if (w === 'asset_ids') out.assetIds = {};
        if (w === 'cost') delete out.cost;
        if (w === 'reverse') delete out.reverse;
      }
      return out;
    });
  }

  private readonly pendingReverse = new Map<string, string>();

  private makeJob(item: GenerateRequest, type: string, name: string, itemId: string | undefined): JobView {
    const id = `job${++this.n}`;
    const iid = itemId ?? `item${this.n}`;
    const keys = item.type === 'image' || item.type === 'edit' ? ['image', 'transparent_image'] : item.type === 'logo' ? ['logo'] : ['video'];
    const assetIds = Object.fromEntries(keys.map((k) => [k, `${id}-${k}`]));
    const urls = Object.fromEntries(keys.map((k) => [k, `https://assets.masko.ai/${id}/${k}.${k === 'video' ? 'mp4' : 'png'}`]));
    const failed = this.failNames.has(item.name ?? '');
    this.clock += 1000;
    const job: JobView = {
      id, status: failed ? 'failed' : 'completed', type, collectionId: 'col', itemId: iid, itemName: name, cost: type === 'reverse' ? 0 : 1, assetIds, urls,
      createdAt: new Date(this.clock).toISOString(), ...(failed ? { error: { code: 'generation_failed', message: 'boom' } } : {}),
    };
    this.jobs.set(id, job);
    const existing = this.items.get(iid);
    const assets = Object.entries(assetIds).map(([key, aid]) => ({ id: aid, key, url: urls[key]!, itemId: iid, jobId: id }));
    this.items.set(iid, { id: iid, name, assets: [...(existing?.assets ?? []), ...assets] });
    return job;
  }

  async getJob(id: string): Promise<JobView> {
    this.calls.push('getJob');
    const job = this.jobs.get(id);
    if (!job) throw new ApiError(404, 'not_found', `job ${id} not found`);
    const rev = this.pendingReverse.get(id);
    if (rev && job.status === 'completed') {
      this.pendingReverse.delete(id);
      this.makeJob({ type: 'animation' }, 'reverse', rev, undefined);
    }
    const view = structuredClone(job);
    if (this.opts.jobViewWithoutAssetIds) view.assetIds = {};
    return view;
  }

  async listJobs(filter: { collectionId: string }): Promise<JobView[]> {
    this.calls.push('listJobs');
    return [...this.jobs.values()].filter((j) => j.collectionId === filter.collectionId).reverse().map((j) => {
      const v = structuredClone(j);
      if (this.opts.jobViewWithoutAssetIds) v.assetIds = {};
      return v;
    });
  }

  async listItems(): Promise<ItemView[]> {
    this.calls.push('listItems');
    return [...this.items.values()].map((i) => structuredClone(i));
  }

  async getItem(id: string): Promise<ItemView> {
    this.calls.push('getItem');
    const item = this.items.get(id);
    if (!item) throw new ApiError(404, 'not_found', `item ${id} not found`);
    return structuredClone(item);
  }

  async renameItem(id: string, name: string) {
    this.renames.push([id, name]);
    return {};
  }

  async getAsset(id: string) {
    return { id, itemId: 'ext-item', key: 'image', url: '', status: 'ready' };
  }
}

export const fakeFiles = (): ApplyFiles & { downloaded: string[] } => {
  const downloaded: string[] = [];
  return {
    downloaded,
    async download(url, rel) {
      downloaded.push(rel);
      // Each URL's own bytes: real files never share a hash (a shared one would be a placeholder).
      return { bytes: 1, sha256: createHash('sha256').update(url).digest('hex') };
    },
    async move() {
      return true;
    },
  };
};
