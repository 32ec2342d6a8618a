import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api/errors.js';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { LockJournal } from '../../src/apply/journal.js';
import type { ApplyEvent, ApplyOptions } from '../../src/apply/types.js';
import { FakeApi, fakeFiles } from './fake-api.js';
import { buildGraph } from '../../src/graph/index.js';
import { loadManifest } from '../../src/manifest/index.js';
import type { Lockfile } from '../../src/model/lock.js';
import { buildPlan } from '../../src/plan/index.js';

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

async function run(yaml: string, api = new FakeApi(), opts: { lock?: Lockfile; wait?: boolean; extra?: Partial<ApplyOptions> } = {}) {
  const { manifest, plan } = setup(yaml, opts.lock);
  const journal = new LockJournal(opts.lock ?? { lockfileVersion: 1, assets: {} }, async () => undefined);
  const events: ApplyEvent[] = [];
  const files = fakeFiles();
  const result = await applyPlan(plan, manifest, journal, {
    api, files, collection: 'col', concurrency: 2, wait: opts.wait ?? true, hooks: { onEvent: (e) => events.push(e) }, settleGraceMs: 1, ...opts.extra,
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

  it('a lost answer is settled by asking the API: the jobs it made are adopted, nothing is paid twice', async () => {
    const api = new FakeApi();
    api.loseAnswers = 1;
    const yaml = 'version: 1\ncollection: col\nassets:\n  a: { type: image, image_prompt: first }\n  b: { type: image, image_prompt: second }\n';
    const { result, journal, events } = await run(yaml, api);
    expect(result.completed.sort()).toEqual(['a', 'b']);
    expect(api.batches).toHaveLength(1);
    expect(api.jobs.size).toBe(2);
    expect(result.creditsSpent).toBe(2);
    expect(events.filter((e) => e.type === 'adopted').map((e) => (e as { id: string }).id).sort()).toEqual(['a', 'b']);
    expect(journal.lock.inflight).toBeUndefined();
  });

  it('a 5xx before anything was made: the API shows no job, so the batch is sent again, once', async () => {
    const api = new FakeApi();
    let failures = 1;
    api.rejectBatch = () => (failures-- > 0 ? new ApiError(500, 'internal_error', 'down') : undefined);
    const yaml = 'version: 1\ncollection: col\nassets:\n  a: { type: image, image_prompt: first }\n';
    const { result } = await run(yaml, api);
    expect(result.completed).toEqual(['a']);
    expect(api.batches).toHaveLength(1);
    expect(api.calls.filter((c) => c === 'listJobs').length).toBeGreaterThanOrEqual(1);
  });

  it('when asking the API fails too, the batch stays written down and the next run settles it before sending', async () => {
    const api = new FakeApi();
    api.loseAnswers = 1;
    const listJobs = api.listJobs.bind(api);
    api.listJobs = async () => {
      throw new ApiError(503, 'internal_error', 'unavailable');
    };
    const yaml = 'version: 1\ncollection: col\nassets:\n  a: { type: image, image_prompt: first }\n  b: { type: image, image_prompt: second }\n';
    const first = await run(yaml, api);
    expect(first.result.failed.map((f) => f.code)).toEqual(['submission_unconfirmed', 'submission_unconfirmed']);
    const [, batch] = Object.entries(first.journal.lock.inflight ?? {})[0]!;
    expect(batch.items.map((i) => i.id)).toEqual(['a', 'b']);
    expect(batch.sent_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    api.listJobs = listJobs;
    const second = await run(yaml, api, { lock: first.journal.lock });
    expect(second.result.completed.sort()).toEqual(['a', 'b']);
    expect(api.batches).toHaveLength(1);
    expect(second.result.creditsSpent).toBe(0);
    expect(second.journal.lock.inflight).toBeUndefined();
  });

  it('an interrupted batch: items the API has are adopted, a changed item is submitted anew onto the adopted item', async () => {
    const yaml = 'version: 1\ncollection: col\nassets:\n  a: { type: image, image_prompt: first }\n  b: { type: image, image_prompt: second }\n';
    const api = new FakeApi();
    api.loseAnswers = 1;
    api.listJobs = async () => {
      throw new ApiError(503, 'internal_error', 'unavailable');
    };
    const first = await run(yaml, api);
    expect(api.jobs.size).toBe(2);
    api.listJobs = FakeApi.prototype.listJobs.bind(api);
    const edited = yaml.replace('first', 'first and changed');
    const second = await run(edited, api, { lock: first.journal.lock });
    expect(second.result.completed.sort()).toEqual(['a', 'b']);
    // b is the job of the first (lost) answer; only the changed a was submitted anew, on its adopted item.
    expect(api.jobs.size).toBe(3);
    expect(second.journal.lock.assets.b!.job_id).toBe('job2');
    expect(api.batches.at(-1)!.items[0]).toMatchObject({ image_prompt: 'first and changed', item_id: 'item1' });
    expect(second.journal.lock.inflight).toBeUndefined();
  });

  it('a written-down batch for assets the plan does not generate is never sent and never replaces an entry', async () => {
    const yaml = 'version: 1\ncollection: col\nassets:\n  a: { type: image, image_prompt: first }\n';
    const api = new FakeApi();
    const first = await run(yaml, api);
    const lock = structuredClone(first.journal.lock);
    const logo = { type: 'logo', name: 'Evil', logo_description: 'x', logo_style_name: 'Flat', logo_style_instruction: 'y' };
    lock.inflight = {
      'masko-sync-crafted': {
        sent_at: '2026-12-01T09:00:00Z',
        items: [
          ...Array.from({ length: 8 }, (_, i) => ({ id: `evil${i}`, type: 'logo' as const, name: 'Evil', dir: 'out', fingerprint: 'sha256:' + '0'.repeat(64), inputs: {}, request: logo })),
          { id: 'a', type: 'image' as const, name: 'A', dir: 'out', fingerprint: 'sha256:' + '1'.repeat(64), inputs: {}, request: { type: 'image', name: 'A', image_prompt: 'other' } },
        ],
      },
    };
    const before = api.batches.length;
    const second = await run(yaml, api, { lock });
    expect(api.batches.length).toBe(before);
    expect(second.result.creditsSpent).toBe(0);
    expect(second.journal.lock.assets.a).toEqual(first.journal.lock.assets.a);
    expect(second.journal.lock.inflight).toBeUndefined();
  });

  it('two jobs that could each be the lost one: nothing is guessed, the asset fails with how to adopt, and --adopt settles it', async () => {
    const yaml = 'version: 1\ncollection: col\nassets:\n  a: { type: image, name: Same, image_prompt: first }\n';
    const api = new FakeApi();
    api.loseAnswers = 1;
    api.listJobs = async () => {
      throw new ApiError(503, 'internal_error', 'unavailable');
    };
    const first = await run(yaml, api);
    api.listJobs = FakeApi.prototype.listJobs.bind(api);
    // Another job on a new item of the same name, made elsewhere.
    api.create([{ type: 'image', name: 'Same', image_prompt: 'made in the web app' }]);
    const second = await run(yaml, api, { lock: structuredClone(first.journal.lock) });
    expect(second.result.failed.map((f) => f.code)).toEqual(['ambiguous_submission']);
    expect(second.result.failed[0]!.message).toMatch(/--adopt a=JOB_ID/);
    expect(second.journal.lock.inflight).toBeDefined();
    const third = await run(yaml, api, { lock: second.journal.lock, extra: { adopt: { a: 'job1' } } });
    expect(third.result.completed).toEqual(['a']);
    expect(third.journal.lock.assets.a!.job_id).toBe('job1');
    expect(api.jobs.size).toBe(2);
  });

  it('an answer without job ids is settled from the job list, never written as an empty id', async () => {
    const api = new FakeApi({ answerWithout: ['job_id', 'item_id', 'asset_ids', 'cost'], jobViewWithoutAssetIds: true });
    const { result, journal } = await run(chain, api);
    expect(result.completed.sort()).toEqual(['a', 'a-edit', 'a-edit-2', 'b']);
    expect(api.batches).toHaveLength(3);
    for (const entry of Object.values(journal.lock.assets)) {
      expect(entry.job_id).toMatch(/^job\d+$/);
      expect(entry.item_id).toMatch(/^item\d+$/);
      for (const f of Object.values(entry.files)) expect(f.asset_id).toMatch(/^job\d+-/);
    }
    // The planned price stands in for the cost the answer did not give.
    expect(result.creditsSpent).toBe(4);
  });

  it('learns the batch body key from a 400 that names it, and remembers it', async () => {
    const api = new FakeApi({ bodyKey: 'requests' });
    const memory = { batchBodyKey: 'items' as const, placeholders: new Set<string>(), saves: 0, save() { this.saves++; } };
    const { result } = await run(chain, api, { extra: { memory } });
    expect(result.completed).toHaveLength(4);
    expect(memory.batchBodyKey).toBe('requests');
    expect(memory.saves).toBeGreaterThanOrEqual(1);
    expect(api.batches).toHaveLength(3);
  });

  it('a 403 without an index in a mixed batch fails only the logo: each item goes alone', async () => {
    const api = new FakeApi();
    api.rejectBatch = (items) => (items.some((i) => i.type === 'logo') ? new ApiError(403, 'forbidden', 'Logo generation requires a Pro plan or higher.') : undefined);
    const yaml = 'version: 1\ncollection: col\nassets:\n  a: { type: image, image_prompt: first }\n  l: { type: logo, logo_description: d, logo_style_name: Flat, logo_style_instruction: flat }\n';
    const { result } = await run(yaml, api);
    expect(result.completed).toEqual(['a']);
    expect(result.failed).toMatchObject([{ id: 'l', code: 'forbidden' }]);
    expect(result.failed[0]!.message).toMatch(/logo packs need the pro plan/);
  });

  it('a reverse clip the API starts after its transition completes is found in the job list and recorded', async () => {
    const api = new FakeApi({ lateReverse: true });
    const yaml = 'version: 1\ncollection: col\nassets:\n  a: { type: image, image_prompt: first }\n  b: { type: image, image_prompt: second }\n  t: { type: animation, source: a, end: b, animation_prompt: go, reverse: t-back }\n';
    const { result, journal } = await run(yaml, api);
    expect(result.completed.sort()).toEqual(['a', 'b', 't', 't-back']);
    expect(journal.lock.assets['t-back']).toMatchObject({ status: 'completed', reverse_of: 't', credits: 0 });
    expect(journal.lock.assets['t-back']!.job_id).not.toBe(journal.lock.assets.t!.job_id);
    expect(api.batches).toHaveLength(2);
  });

  it('a second run after a finished one sends nothing', async () => {
    const api = new FakeApi();
    const first = await run(chain, api);
    const calls = api.batches.length;
    const second = await run(chain, api, { lock: first.journal.lock });
    expect(api.batches.length).toBe(calls);
    expect(second.result.creditsSpent).toBe(0);
    expect(second.result.failed).toEqual([]);
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
