/** `reference`: the project's contract (../shared/spec/masko-api.md), every open choice made as the client expects. */
import type { Credits, GenerateType } from '../../api/wire.js';
import { assetView, collectionView, generateView, itemView, jobView, projectView, uploadView } from '../present.js';
import { enveloped, paginate } from './shared.js';
import type { DialectSpec } from './types.js';

const JOB_TYPES: readonly GenerateType[] = ['image', 'animation', 'edit', 'logo'];

export const reference: DialectSpec = {
  name: 'reference',
  idempotency: true,
  reverseAfterForward: false,
  sizeVariants: 'own-hash',
  batchKeys: ['items', 'requests'],
  jobTypes: JOB_TYPES,
  jobType: (j) => j.type,
  cdnStatus: (state) => (state === 'lagging' ? 'placeholder' : state),

  credits: (a) => ({ balance: a.balance, plan: a.plan, subscription_credits: a.balance, topup_credits: 0 }) satisfies Credits,
  project: projectView,
  collection: (c) => collectionView(c, true),
  collectionSummary: (c) => collectionView(c, false),
  item: (i, v) => itemView(i, v.store, v.baseUrl),
  asset: (a, v) => assetView(a, v.baseUrl),
  upload: (a, v) => uploadView(a, v.baseUrl),
  job: (j, v) => jobView(j, v.store, v.baseUrl, v.now),
  generated: generateView,
  preview: (p) => p,

  single: enveloped,
  list: (_name, all, toView, query) => paginate(all, toView, query),
  batch: (jobs, total) => ({ data: { jobs, total_cost_credits: total } }),
  error: (e) => e.body(),
};
