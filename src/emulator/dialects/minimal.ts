/**
 * `minimal`: the least any document promises. As `reference`, except: `Idempotency-Key` ignored, no cost in
 * generate answers, no asset status header on the CDN, no `index` on a batch 400, credits `{data: {}}`, and no
 * size variants (`sizes` is ignored).
 */
import { generateView, itemView } from '../present.js';
import { reference } from './reference.js';
import { omit } from './shared.js';
import type { DialectSpec } from './types.js';

export const minimal: DialectSpec = {
  ...reference,
  name: 'minimal',
  idempotency: false,
  // The least a page promises: `sizes` is accepted and ignored (the client makes the variants itself).
  sizeVariants: 'none',
  cdnStatus: () => undefined,
  credits: () => ({}),
  // The least: an item without its prompts, an upload with its id only.
  item: (i, v) => omit(itemView(i, v.store, v.baseUrl), 'image_prompt', 'animation_prompt', 'duration', 'loop'),
  upload: (a) => ({ asset_id: a.id }),
  generated: (g, v) => {
    const out = omit(generateView(g, v), 'cost_credits');
    if (!out.reverse_job) return out;
    return { ...out, reverse_job: omit(out.reverse_job, 'cost_credits') };
  },
  batch: (jobs) => ({ data: { jobs } }),
  error: (e) => {
    const body = e.body();
    return { error: omit(body.error, 'index') };
  },
};
