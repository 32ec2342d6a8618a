/**
 * `docs-legacy`: the older documentation pages. Bare bodies (no `data` envelope, no pagination: a list is
 * everything under its name), job views with the item only in `output_data`, old job types, errors whose
 * `error` is a plain string with extras beside it, credits under `credits`, `Idempotency-Key` ignored, and
 * size variants as a plain `size_urls` list named `<file>-<width>.<ext>`.
 */
import type { GenerateType } from '../../api/wire.js';
import type { ApiError } from '../errors.js';
import { assetView, generateView, itemView, jobUrls } from '../present.js';
import { variantUrlList } from '../size-variants.js';
import type { JobRec } from '../state.js';
import type { ViewCtx } from './types.js';
import { omit } from './shared.js';
import type { DialectSpec } from './types.js';

const JOB_TYPES: readonly GenerateType[] = ['image', 'animation', 'logo', 'edit'];

export const docsLegacy: DialectSpec = {
  name: 'docs-legacy',
  idempotency: false,
  reverseAfterForward: false,
  sizeVariants: 'same-hash',
  batchKeys: ['requests', 'items'],
  jobTypes: JOB_TYPES,
  jobType: (j) => j.type,
  cdnStatus: () => undefined,

  credits: (a) => ({ credits: a.balance, subscription_credits: a.balance, topup_credits: 0 }),
  project: (p) => ({ id: p.id, name: p.name, created_at: p.created_at }),
  collection: (c) => ({
    id: c.id, project_id: c.project_id, name: c.name, description: c.description,
    config: { style_card: null, reference_asset_ids: [...(c.reference_asset_ids ?? [])], caution_list: [] }, created_at: c.created_at, updated_at: c.created_at,
  }),
  collectionSummary: (c, v) => {
    const items = Object.values(v.store.data.items).filter((i) => i.collection_id === c.id);
    const assets = items.reduce((n, i) => n + v.store.assetsOf(i.id).length, 0);
    return { id: c.id, project_id: c.project_id, name: c.name, description: c.description, created_at: c.created_at, item_count: items.length, asset_count: assets };
  },
  // The old pages show no prompts on items.
  item: (i, v) => omit(itemView(i, v.store, v.baseUrl), 'image_prompt', 'animation_prompt', 'duration', 'loop'),
  asset: (a, v) => assetView(a, v.baseUrl),
  upload: (a, v) => ({ id: a.id, type: 'image', url: `${v.baseUrl}/cdn/${a.path}` }),
  job: (j, v) => ({
    id: j.id, status: j.status, type: j.type, collection_id: j.collection_id, created_at: j.created_at, completed_at: j.completed_at,
    cost_credits: j.cost_credits, output_data: j.work.kind === 'animation' ? { item_id: j.item_id, duration: j.work.duration } : { item_id: j.item_id },
    asset_ids: { ...j.asset_ids }, urls: jobUrls(j, v.store, v.baseUrl), ...sizeList(j, v), error: j.error?.message ?? null,
  }),
  generated: (g, v) => ({ ...omit(generateView(g, v), 'poll_url', 'type', 'item_name', 'sizes'), ...sizeList(g.job, v) }),
  preview: (p) => p,

  single: (view) => view,
  list: (name, all, toView) => ({ [name]: all.map(toView) }),
  batch: (jobs, total) => ({ jobs, total_cost_credits: total }),
  error: legacyError,
};

/** `{size_urls: [url, …]}`: a plain list; each URL is its file's own with `-<width>` before the extension. */
function sizeList(j: JobRec, v: ViewCtx): { size_urls?: string[] } {
  const list = variantUrlList(j, v, v.baseUrl);
  return list.length > 0 ? { size_urls: list } : {};
}

/** `{"error": "<message>", ...extras}`: the extras the old pages show, beside the string. */
function legacyError(e: ApiError): unknown {
  const { field, index, required, balance } = e.extra;
  if (e.code === 'insufficient_credits') return { error: 'Insufficient credits', required, available: balance };
  if (e.status === 400) return { error: e.message, ...(field === undefined ? {} : { field }), ...(index === undefined ? {} : { index }) };
  return { error: e.message };
}
