/**
 * `docs`: the current documentation pages (the `{data, meta}` envelope of OpenAPI 1.6.0). The batch list is
 * `requests`, a batch answers a list, job views carry no `asset_ids` / `progress` / `completed_at`, job types
 * are the new ones, an auto_reverse job is its own `reverse` job made when the forward one completes,
 * `Idempotency-Key` is not a thing, and size variants are extra `urls` keys (`webm_480`, each its own hash).
 */
import { flatSizeUrls, jobUrls, pollUrl } from '../present.js';
import type { GenKind } from '../validate-generate.js';
import { reference } from './reference.js';
import { enveloped, paginate } from './shared.js';
import type { DialectSpec } from './types.js';

/** Job types of the new jobs page; only the first five are ever made here, the rest filter to nothing. */
const JOB_TYPES = [
  'image_generation', 'item_generation', 'animation', 'reverse', 'logo', 'size_variant', 'size_variant_batch', 'export_animation', 'scene_generation',
] as const;
const TYPE_OF: Record<GenKind, (typeof JOB_TYPES)[number]> = {
  image: 'image_generation', edit: 'image_generation', animation: 'item_generation', animate: 'animation', transition: 'animation', logo: 'logo',
};

export const docs: DialectSpec = {
  name: 'docs',
  idempotency: false,
  reverseAfterForward: true,
  sizeVariants: 'own-hash',
  batchKeys: ['requests'],
  jobTypes: JOB_TYPES,
  jobType: (j) => (j.reverse ? 'reverse' : TYPE_OF[j.kind]),
  cdnStatus: () => undefined,

  credits: (a) => ({ balance: a.balance, subscription_credits: a.balance, topup_credits: 0 }),
  project: (p) => ({ id: p.id, name: p.name, organization_id: null, created_at: p.created_at, updated_at: p.created_at }),
  collection: (c) => ({
    id: c.id, name: c.name, type: 'mascot', project_id: c.project_id, slug: c.slug,
    config: { prompt: c.description, reference_asset_ids: [...(c.reference_asset_ids ?? [])], style_card: null }, created_at: c.created_at, updated_at: c.created_at,
  }),
  collectionSummary: (c, v) => ({
    id: c.id, project_id: c.project_id, name: c.name, type: 'mascot', is_published: true, public_slug: c.slug,
    user_prefix: v.store.account(c.owner)?.prefix ?? '', created_at: c.created_at,
  }),
  // The docs' item holds "name, action prompt, type": one `prompt` (the pose's), nothing of the motion.
  item: (i, v) => ({
    id: i.id, name: i.name, type: i.type, collection_id: i.collection_id, archived: i.archived, ...(i.image_prompt !== undefined ? { prompt: i.image_prompt } : {}),
    created_at: i.created_at, updated_at: i.updated_at,
    assets: v.store.assetsOf(i.id).filter((a) => !a.variant).map((a) => ({ id: a.id, type: a.key, url: `${v.baseUrl}/cdn/${a.path}`, status: a.status })),
  }),
  asset: (a, v) => ({ id: a.id, item_id: a.item_id, type: a.key, url: `${v.baseUrl}/cdn/${a.path}`, status: a.status }),
  upload: (a, v) => ({ asset_id: a.id, url: `${v.baseUrl}/cdn/${a.path}` }),
  job: (j, v) => ({
    id: j.id, status: j.status, type: docs.jobType(j), collection_id: j.collection_id, cost_credits: j.cost_credits,
    created_at: j.created_at, updated_at: j.updated_at, item_id: j.item_id, item_name: j.item_name,
    urls: { ...jobUrls(j, v.store, v.baseUrl), ...flatSizeUrls(j, v.store, v.baseUrl) }, error: j.error,
  }),
  generated: ({ job }, v) => ({
    job_id: job.id, poll_url: pollUrl(v.baseUrl, job.id), status: job.status, item_id: job.item_id, item_name: job.item_name,
    cost_credits: job.cost_credits, asset_ids: { ...job.asset_ids }, urls: { ...jobUrls(job, v.store, v.baseUrl), ...flatSizeUrls(job, v.store, v.baseUrl) },
  }),
  preview: (p) => p,

  single: enveloped,
  list: (_name, all, toView, query) => paginate(all, toView, query),
  batch: (views, total) => ({ data: views, meta: { total_cost_credits: total } }),
  error: (e) => {
    const { index } = e.extra;
    const at = index === undefined ? {} : { index };
    if (e.code === 'insufficient_credits') {
      const { required, balance } = e.extra;
      return { error: { code: e.code, message: `Not enough credits. Required: ${required}, balance: ${balance}.`, required, balance, ...at } };
    }
    if (e.extra.required_plan !== undefined) {
      return { error: { code: 'forbidden', message: 'Logo generation requires a Pro plan or higher.', ...at } };
    }
    return reference.error(e);
  },
};
