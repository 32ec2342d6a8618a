/** The readers of every documented answer variant (../shared/research/masko-api-evidence.md). */
import { describe, expect, it } from 'vitest';
import { listOf, readBatch, readCredits, readErrorBody, readItem, readJob, readSubmitted } from '../../src/api/read-wire.js';

describe('reading documented answer variants', () => {
  it('a batch answer as the seed page, the docs pages, a bare body and a bare list', () => {
    const one = { job_id: 'j1', item_id: 'i1', asset_ids: { image: 'a1' }, urls: { image: 'https://assets.masko.ai/x.png' }, cost_credits: 1 };
    const want = [{ jobId: 'j1', itemId: 'i1', cost: 1, assetIds: { image: 'a1' }, urls: { image: 'https://assets.masko.ai/x.png' } }];
    expect(readBatch({ data: { jobs: [one], total_cost_credits: 1 } })).toEqual(want);
    expect(readBatch({ data: [one], meta: { total_cost_credits: 1 } })).toEqual(want);
    expect(readBatch({ jobs: [one], total_cost_credits: 1 })).toEqual(want);
    expect(readBatch([one])).toEqual(want);
    expect(readBatch({ data: { something: 'else' } })).toBeUndefined();
  });

  it('`id` for `job_id`, a missing cost, and a reverse_job without an item id', () => {
    const got = readSubmitted({ id: 'j', urls: {}, reverse_job: { job_id: 'r', asset_ids: { video: 'v' }, urls: { video: 'https://assets.masko.ai/r.mp4' } } });
    expect(got).toEqual({ jobId: 'j', assetIds: {}, urls: {}, reverse: { jobId: 'r', assetIds: { video: 'v' }, urls: { video: 'https://assets.masko.ai/r.mp4' } } });
    expect(got).not.toHaveProperty('cost');
    expect(got.reverse).not.toHaveProperty('itemId');
  });

  it('job views: current docs (no asset ids, no progress), older pages (item id in output_data, string error)', () => {
    expect(readJob({ data: { id: 'j', status: 'completed', type: 'item_generation', collection_id: 'c', cost_credits: 21, item_id: 'i', item_name: 'Wave', urls: { image: 'u' }, created_at: '2026-03-28T10:00:00Z' } })).toEqual({
      id: 'j', status: 'completed', type: 'item_generation', collectionId: 'c', cost: 21, itemId: 'i', itemName: 'Wave', assetIds: {}, urls: { image: 'u' }, createdAt: '2026-03-28T10:00:00Z',
    });
    expect(readJob({ id: 'j', status: 'failed', type: 'animation', output_data: { item_id: 'i2', duration: 4 }, asset_ids: { video: 'v' }, urls: {}, error: 'boom' })).toMatchObject({
      itemId: 'i2', assetIds: { video: 'v' }, error: { code: 'job_failed', message: 'boom' },
    });
    expect(readJob({ data: { id: 'j', status: 'weird' } })).toBeUndefined();
    expect(readJob({ data: { status: 'pending' } })).toBeUndefined();
  });

  it('items whose files carry the key as `key` or as `type`', () => {
    expect(readItem({ data: { id: 'i', name: 'Wave', assets: [{ id: 'a', key: 'image', url: 'u1' }, { id: 'b', type: 'webm', url: 'u2' }] } })).toEqual({
      id: 'i', name: 'Wave', assets: [{ id: 'a', key: 'image', url: 'u1', itemId: 'i' }, { id: 'b', key: 'webm', url: 'u2', itemId: 'i' }],
    });
  });

  it('credits: balance and plan, the older `credits` field, the two pools, or nothing at all', () => {
    expect(readCredits({ data: { balance: 7, plan: 'Pro', subscription_credits: 7, topup_credits: 0 } })).toEqual({ balance: 7, plan: 'pro' });
    expect(readCredits({ data: { balance: 7, subscription_credits: 7, topup_credits: 0 } })).toEqual({ balance: 7 });
    expect(readCredits({ credits: 5 })).toEqual({ balance: 5 });
    expect(readCredits({ data: { subscription_credits: 3, topup_credits: 2 } })).toEqual({ balance: 5 });
    expect(readCredits({ data: {} })).toEqual({});
  });

  it('errors as objects, as strings with extras beside them', () => {
    expect(readErrorBody({ error: { code: 'insufficient_credits', message: 'Not enough credits.', required: 140, balance: 50 } })).toEqual({
      code: 'insufficient_credits', message: 'Not enough credits.', details: { required: 140, balance: 50 },
    });
    expect(readErrorBody({ error: 'Insufficient credits', required: 21, available: 5 })).toEqual({
      message: 'Insufficient credits', details: { required: 21, available: 5, balance: 5 },
    });
  });

  it('lists under data, bare, or under the resource name, with or without pagination', () => {
    expect(listOf({ data: [1, 2], meta: { pagination: { total: 3, limit: 2, offset: 0, has_more: true } } }, ['jobs'])).toEqual({ items: [1, 2], hasMore: true });
    expect(listOf({ projects: [1] }, ['projects'])).toEqual({ items: [1] });
    expect(listOf([1, 2, 3], ['jobs'])).toEqual({ items: [1, 2, 3] });
  });
});
