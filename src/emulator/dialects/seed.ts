/**
 * `seed`: exactly the seed page (the first version of ../shared/spec/masko-api.md). As `reference`, except
 * that the batch list is `items` only and `reverse_job` names no `item_id` (its job view still does).
 */
import type { ReverseJob } from '../../api/wire.js';
import { generateView } from '../present.js';
import { reference } from './reference.js';
import { omit } from './shared.js';
import type { DialectSpec } from './types.js';

export const seed: DialectSpec = {
  ...reference,
  name: 'seed',
  batchKeys: ['items'],
  // The header says what the origin knows: during a CDN lag it says `ready` over placeholder bytes.
  cdnStatus: (state) => (state === 'lagging' ? 'ready' : state),
  generated: (g, v) => {
    const out = generateView(g, v);
    if (!out.reverse_job) return out;
    return { ...out, reverse_job: omit(out.reverse_job, 'item_id') satisfies Omit<ReverseJob, 'item_id'> };
  },
};
