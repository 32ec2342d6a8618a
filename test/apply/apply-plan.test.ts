import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api/errors.js';
import type { GenerateRequest, Job } from '../../src/api/wire.js';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { LockJournal } from '../../src/apply/journal.js';
import type { ApplyApi, ApplyEvent, ApplyFiles } from '../../src/apply/types.js';
import { buildGraph } from '../../src/graph/index.js';
import { loadManifest } from '../../src/manifest/index.js';
import type { Lockfile } from '../../src/model/lock.js';
import { buildPlan } from '../../src/plan/index.js';

/** An in-memory API: jobs complete when the test says so (or at once), and every call is recorded. */
class FakeApi implements ApplyApi {
  batches: Array<{ names: string[]; key: string; items: GenerateRequest[] }> = [];
  jobs = new Map<string, Job>();
  renames: Array<[string, string]> = [];
  failNames = new Set<string>();
  rejectBatch?: (items: GenerateRequest[]) => ApiError | undefined;
  /** Accept the next batch, then lose the answer (as a dropped connection would). */
  loseNextAnswer = false;
  private readonly seen = new Map<string, { body: string; res: Awaited<ReturnType<FakeApi['create']>> }>();
  private n = 0;

  async generateBatch(_c: string, items: GenerateRequest[], key: string) {
    const err = this.rejectBatch?.(items);
    if (err) throw err;
    const body = JSON.stringify(items);
    const first = this.seen.get(key);
    if (first && first.body !== body) throw new ApiError(409, 'idempotency_conflict', 'key reused with another body');
    const res = first?.res ?? (await this.create(items, key));
    this.seen.set(key, { body, res });
    if (this.loseNextAnswer) {
      this.loseNextAnswer = false;
      throw new Error('socket hang up');
    }
    return res;
  }

  private async create(items: GenerateRequest[], key: string) {
    this.batches.push({ names: items.map((i) => i.name ?? i.edit_instructions ?? '?'), key, items });
    const jobs = items.map((item) => {
      const id = `job${++this.n}`;
      const itemId = item.item_id ?? `item${this.n}`;
      const keys = item.type === 'image' || item.type === 'edit' ? ['image', 'transparent_image'] : ['video'];
      const asset_ids = Object.fromEntries(keys.map((k) => [k, `${id}-${k}`]));
      const urls = Object.fromEntries(keys.map((k) => [k, `https://assets.masko.ai/${id}/${k}.${k === 'video' ? 'mp4' : 'png'}`]));
      const failed = this.failNames.has(item.name ?? '');
      this.jobs.set(id, {
        id, status: failed ? 'failed' : 'completed', type: item.type, collection_id: 'col', item_id: itemId, item_name: item.name ?? '',
        cost_credits: 1, progress: 1, asset_ids, urls, error: failed ? { code: 'generation_failed', message: 'boom' } : null,
        created_at: '', updated_at: '', completed_at: null,
      });
      return { job_id: id, poll_url: '', status: 'pending' as const, type: item.type, item_id: itemId, item_name: item.name ?? '', cost_credits: 1, asset_ids, urls };
    });
    return { jobs, total_cost_credits: jobs.length };
  }
  async getJob(id: string) {
    return this.jobs.get(id)!;
  }
  async renameItem(id: string, name: string) {
    this.renames.push([id, name]);
    return {};
  }
  async getAsset(id: string) {
    return { id, item_id: 'ext-item', key: 'image', format: 'png', url: '', status: 'ready' as const };
  }
}

const fakeFiles = (): ApplyFiles & { downloaded: string[] } => {
  const downloaded: string[] = [];
  return {
    downloaded,
    async download(_url, rel) {
      downloaded.push(rel);
      return { bytes: 1, sha256: 'a'.repeat(64) };
    },
    async move() {
      return true;
    },
  };
};

function setup(yaml: string, lock?: Lockfile) {
  const { manifest, diagnostics } = loadManifest(yaml);
  if (!manifest) throw new Error(JSON.stringify(diagnostics));
  const graph = buildGraph(manifest);
  const plan = buildPlan(manifest, graph, lock, { files: {} });
  return { manifest, plan };
}

const chain = `version: 1
collection: col
assets:
  a: { type: image, image_prompt: first }
  b: { type: image, image_prompt: second }
  a-edit: { type: edit, source: a, edit_instructions: hat }
  a-edit-2: { type: edit, source: a-edit, edit_instructions: scarf }
`;

async function run(yaml: string, api = new FakeApi(), opts: { lock?: Lockfile; wait?: boolean } = {}) {
  const { manifest, plan } = setup(yaml, opts.lock);
  const journal = new LockJournal(opts.lock ?? { lockfileVersion: 1, assets: {} }, async () => undefined);
  const events: ApplyEvent[] = [];
  const files = fakeFiles();
  const result = await applyPlan(plan, manifest, journal, {
    api, files, collection: 'col', concurrency: 2, wait: opts.wait ?? true, hooks: { onEvent: (e) => events.push(e) },
  });
  return { result, journal, api, events, files, manifest };
}

describe('applyPlan', () => {
  it('submits independent assets together and dependants after their upstream', async () => {
    const { result, api, journal } = await run(chain);
    expect(result.completed.sort()).toEqual(['a', 'a-edit', 'a-edit-2', 'b']);
    expect(api.batches[0]!.items.map((i) => i.image_prompt)).toEqual(['first', 'second']);
    expect(api.batches).toHaveLength(3);
    const editBody = api.batches[1]!.items[0]!;
    expect(editBody).toMatchObject({ type: 'edit', item_id: journal.lock.assets.a!.item_id, source_image_asset_id: journal.lock.assets.a!.files.image!.asset_id });
    expect(journal.lock.assets['a-edit']!.status).toBe('completed');
    expect(journal.lock.inflight).toBeUndefined();
    expect(result.creditsSpent).toBe(4);
  });

  it('records fingerprints computed from the real upstream asset ids, so the next plan is unchanged', async () => {
    const { journal } = await run(chain);
    const { plan } = setup(chain, journal.lock);
    // Files are missing on disk here, so completed assets show as restores: nothing to generate.
    const actions = plan.waves.flat().map((s) => s.action);
    expect(actions.every((a) => a === 'restore')).toBe(true);
    expect(plan.summary.credits).toBe(0);
  });

  it('sends at most ten items per batch', async () => {
    const many = 'version: 1\ncollection: col\nassets:\n' + Array.from({ length: 23 }, (_, i) => `  i${i}: { type: image, image_prompt: p${i} }\n`).join('');
    const { api, result } = await run(many);
    expect(api.batches.map((b) => b.items.length).sort((x, y) => y - x)).toEqual([10, 10, 3]);
    expect(result.completed).toHaveLength(23);
  });

  it('dependants that become ready together go out in full batches, not one request each', async () => {
    const lines = Array.from({ length: 20 }, (_, i) => `  i${i}: { type: image, image_prompt: p${i} }\n  e${i}: { type: edit, source: i${i}, edit_instructions: hat ${i} }\n`);
    const { api, result } = await run('version: 1\ncollection: col\nassets:\n' + lines.join(''));
    expect(result.completed).toHaveLength(40);
    expect(api.batches.length).toBeLessThanOrEqual(6);
    expect(api.batches.flatMap((b) => b.items).filter((i) => i.type === 'edit')).toHaveLength(20);
  });

  it('a failed job is recorded, refunded, and its dependants are skipped with it as the cause', async () => {
    const api = new FakeApi();
    api.failNames.add('A');
    const { result, journal } = await run(chain, api);
    expect(result.failed.map((f) => f.id)).toEqual(['a']);
    expect(result.skipped).toEqual([{ id: 'a-edit', cause: 'a' }, { id: 'a-edit-2', cause: 'a' }]);
    expect(result.completed).toEqual(['b']);
    expect(journal.lock.assets.a).toMatchObject({ status: 'failed', credits: 0, error: { code: 'generation_failed' } });
    expect(api.batches.flatMap((b) => b.names)).not.toContain('hat');
    expect(result.creditsSpent).toBe(1);
  });

  it('a 400 naming one item fails that item and sends the rest again', async () => {
    const api = new FakeApi();
    api.rejectBatch = (items) => {
      const index = items.findIndex((i) => i.image_prompt === 'second');
      return index >= 0 && items.length > 1 ? new ApiError(400, 'bad_request', 'image_prompt is bad', { index, field: 'image_prompt' }) : undefined;
    };
    const yaml = 'version: 1\ncollection: col\nassets:\n  a: { type: image, image_prompt: first }\n  b: { type: image, image_prompt: second }\n';
    const { result } = await run(yaml, api);
    expect(result.failed.map((f) => f.id)).toEqual(['b']);
    expect(result.completed).toEqual(['a']);
  });

  it('a 402 stops every further submission with a message naming the numbers', async () => {
    const api = new FakeApi();
    api.rejectBatch = () => new ApiError(402, 'insufficient_credits', 'no', { required: 2, balance: 1 });
    const { result } = await run(chain, api);
    expect(api.batches).toHaveLength(0);
    expect(result.failed.map((f) => f.id).sort()).toEqual(['a', 'b']);
    expect(result.failed[0]!.message).toMatch(/needs 2 and the balance is 1/);
    expect(result.skipped.map((s) => s.id).sort()).toEqual(['a-edit', 'a-edit-2']);
  });

  it('an unconfirmed submission stays written down in inflight and is replayed with the same key', async () => {
    const api = new FakeApi();
    api.rejectBatch = () => new (class extends Error {})('socket hang up') as ApiError;
    const yaml = 'version: 1\ncollection: col\nassets:\n  a: { type: image, image_prompt: first }\n  b: { type: image, image_prompt: second }\n';
    const first = await run(yaml, api);
    expect(first.result.failed.map((f) => f.code)).toEqual(['submission_unconfirmed', 'submission_unconfirmed']);
    const [key, items] = Object.entries(first.journal.lock.inflight ?? {})[0]!;
    expect(items.map((i) => i.id)).toEqual(['a', 'b']);
    const api2 = new FakeApi();
    const second = await run(yaml, api2, { lock: first.journal.lock });
    expect(api2.batches.map((b) => b.key)).toEqual([key]);
    expect(second.result.completed.sort()).toEqual(['a', 'b']);
    expect(second.journal.lock.inflight).toBeUndefined();
  });

  it('a batch accepted but unanswered is replayed exactly after the manifest changed: unchanged items are not paid again', async () => {
    const yaml = 'version: 1\ncollection: col\nassets:\n  a: { type: image, image_prompt: first }\n  b: { type: image, image_prompt: second }\n';
    const api = new FakeApi();
    api.loseNextAnswer = true;
    const first = await run(yaml, api);
    expect(first.result.failed.map((f) => f.code)).toEqual(['submission_unconfirmed', 'submission_unconfirmed']);
    expect(api.jobs.size).toBe(2);
    const edited = yaml.replace('first', 'first and changed');
    const second = await run(edited, api, { lock: first.journal.lock });
    expect(second.result.completed.sort()).toEqual(['a', 'b']);
    // b is the job of the first (lost) answer; only the changed a was submitted anew.
    expect(api.jobs.size).toBe(3);
    expect(second.journal.lock.assets.b!.job_id).toBe('job2');
    expect(second.journal.lock.inflight).toBeUndefined();
  });

  it('a name change after an unanswered batch is not an idempotency conflict: the key covers the whole request', async () => {
    const yaml = 'version: 1\ncollection: col\nassets:\n  a: { type: image, name: First, image_prompt: first }\n';
    const api = new FakeApi();
    const first = await run(yaml, api);
    delete first.journal.lock.assets.a;
    const renamed = yaml.replace('name: First', 'name: Second');
    const second = await run(renamed, api, { lock: first.journal.lock });
    expect(second.result.failed).toEqual([]);
    expect(second.result.completed).toEqual(['a']);
  });

  it('with wait=false submits what is ready, records pending entries and does not follow jobs', async () => {
    const { result, journal, files } = await run(chain, new FakeApi(), { wait: false });
    expect(result.pending.sort()).toEqual(['a', 'b']);
    expect(journal.lock.assets.a!.status).toBe('pending');
    expect(journal.lock.assets.a!.files.image!.url).toMatch(/^https:\/\/assets\.masko\.ai\//);
    expect(files.downloaded).toEqual([]);
    expect(result.skipped.map((s) => s.id).sort()).toEqual(['a-edit', 'a-edit-2']);
  });

  it('resumes pending entries by polling, without submitting again', async () => {
    const api = new FakeApi();
    const { journal } = await run(chain, api, { wait: false });
    const submitted = api.batches.length;
    const again = await run(chain, api, { lock: journal.lock });
    expect(again.result.completed.sort()).toEqual(['a', 'a-edit', 'a-edit-2', 'b']);
    expect(api.batches.length - submitted).toBe(2);
    expect(api.batches.slice(submitted).flatMap((b) => b.names)).toEqual(['hat', 'scarf']);
  });

  it('a changed collection creates new items instead of sending items of the old one', async () => {
    const api = new FakeApi();
    const { journal } = await run(chain, api);
    const moved = chain.replace('collection: col', 'collection: col-2');
    const { manifest, plan } = setup(moved, journal.lock);
    const j2 = new LockJournal(journal.lock, async () => undefined);
    await applyPlan(plan, manifest, j2, { api, files: fakeFiles(), collection: 'col-2', concurrency: 2, wait: true });
    const images = api.batches.slice(-3).flatMap((b) => b.items).filter((i) => i.type === 'image');
    expect(images).toHaveLength(2);
    for (const body of images) expect(body.item_id).toBeUndefined();
  });

  it('a refund of a job charged by an earlier run does not count as money back in this one', async () => {
    const api = new FakeApi();
    api.failNames.add('A');
    const first = await run(chain, api, { wait: false });
    expect(first.result.creditsSpent).toBe(2);
    const second = await run(chain, api, { lock: first.journal.lock });
    expect(second.result.failed.map((f) => f.id)).toEqual(['a']);
    expect(second.result.creditsSpent).toBeGreaterThanOrEqual(0);
  });

  it('a run whose signal is already aborted submits nothing and says it was interrupted', async () => {
    const api = new FakeApi();
    const { manifest, plan } = setup(chain);
    const abort = new AbortController();
    abort.abort();
    const journal = new LockJournal({ lockfileVersion: 1, assets: {} }, async () => undefined);
    const result = await applyPlan(plan, manifest, journal, { api, files: fakeFiles(), collection: 'col', concurrency: 2, wait: true, signal: abort.signal });
    expect(api.batches).toHaveLength(0);
    expect(result.interrupted).toBe(true);
    expect(result.skipped.every((s) => s.cause === 'interrupted before submission')).toBe(true);
  });

  it('a lock write that fails is an error of the run, not a silent warning', async () => {
    const { manifest, plan } = setup(chain);
    let writes = 0;
    const journal = new LockJournal({ lockfileVersion: 1, assets: {} }, async () => {
      if (++writes > 1) throw new Error('ENOSPC: no space left on device');
    });
    const result = await applyPlan(plan, manifest, journal, { api: new FakeApi(), files: fakeFiles(), collection: 'col', concurrency: 2, wait: true });
    expect(result.errors.join('\n')).toMatch(/ENOSPC/);
  });

  it('regenerating sends the previous item id', async () => {
    const api = new FakeApi();
    const { journal } = await run(chain, api);
    const before = journal.lock.assets.b!.item_id;
    const changed = chain.replace('second', 'second and happier');
    await run(changed, api, { lock: journal.lock });
    const last = api.batches.at(-1)!;
    expect(last.items[0]).toMatchObject({ image_prompt: 'second and happier', item_id: before });
  });
});
