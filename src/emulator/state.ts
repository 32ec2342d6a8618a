/** The emulator's persisted records. Plain JSON: the whole state is written atomically after each mutation. */
import type { GenerateType, ItemType, JobStatus, Plan } from '../api/wire.js';
import type { LatencyKind } from './options.js';
import type { GenKind } from './validate-generate.js';

export const STATE_VERSION = 1;

/** One API key: its own user, balance and plan. */
export interface AccountRec {
  key: string;
  plan: Plan;
  balance: number;
  /** first path segment of this user's CDN URLs */
  prefix: string;
}
export interface ProjectRec {
  id: string;
  owner: string;
  name: string;
  created_at: string;
}
export interface CollectionRec {
  id: string;
  owner: string;
  project_id: string;
  name: string;
  description: string;
  slug: string;
  created_at: string;
  /** reference images (asset ids, at most 6); absent in states written before references existed */
  reference_asset_ids?: string[];
}
export interface ItemRec {
  id: string;
  owner: string;
  collection_id: string;
  name: string;
  type: ItemType;
  archived: boolean;
  /** generations made on this item so far; part of each render's seed */
  generations: number;
  /** what its last generation was asked (the pose's prompts), shown by dialects whose item views carry them */
  image_prompt?: string;
  animation_prompt?: string;
  duration?: number;
  loop?: boolean;
  created_at: string;
  updated_at: string;
}
export interface AssetRec {
  id: string;
  owner: string;
  item_id: string;
  collection_id: string;
  job_id: string;
  key: string;
  format: 'png' | 'jpg' | 'webp' | 'mp4' | 'webm' | 'mov';
  /** an image uploaded by POST /v1/upload: no item, collection or job (those fields are empty) */
  upload?: boolean;
  /** CDN path below /cdn/ */
  path: string;
  status: 'pending' | 'ready';
  bytes?: number;
  sha256?: string;
  /** epoch ms when it became ready (the CDN may lag behind this) */
  ready_ms?: number;
  /** the prompt that made it, so animations and edits of it can build on it */
  prompt: string;
  created_at: string;
  /** a free size variant of the job's `of` file, `size` px wide (never listed with the item's assets) */
  variant?: { of: string; size: number };
}

/** What a job renders: plain data, so it persists and re-renders identically after a restart. */
export type RenderWork =
  | { kind: 'image'; description: string; prompt: string; seed: string }
  | {
      kind: 'animation';
      description: string;
      prompt: string;
      seed: string;
      duration: number;
      loop: boolean;
      endPrompt?: string;
      /** also render a still `image` from this prompt (animation from a prompt) */
      stillPrompt?: string;
    }
  | { kind: 'logo'; description: string; prompt: string; seed: string; styleName: string };

export interface JobRec {
  id: string;
  owner: string;
  status: JobStatus;
  type: GenerateType;
  /** the generation kind of the API table (a reverse job is a transition) */
  kind: GenKind;
  /** made by auto_reverse: free, on its own item */
  reverse: boolean;
  latency_kind: LatencyKind;
  collection_id: string;
  item_id: string;
  item_name: string;
  cost_credits: number;
  asset_ids: Record<string, string>;
  error: { code: string; message: string } | null;
  created_at: string;
  updated_at: string;
  completed_at: string | null;
  /** epoch ms when the job may end (created + latency) */
  ready_at: number;
  /** epoch ms when processing began */
  started_at: number | null;
  /** decided at submission (seeded), so a restart does not change the outcome */
  fail: { code: string; message: string } | null;
  work: RenderWork;
  /** a reverse job still to create when this one completes (dialects that make it then); removed once made */
  deferred_reverse?: DeferredReverse;
  /** the free size variants made with it: `<key>@<width>` → asset id */
  variant_ids?: Record<string, string>;
}
/** What a reverse job made after its forward job needs; the seed is set when its item exists. */
export interface DeferredReverse {
  name: string;
  work: RenderWork;
  prompts: string[];
  /** the size variants the forward request asked for */
  sizes?: number[];
}
export interface IdempotencyRec {
  fingerprint: string;
  status: number;
  body: string;
  created_at: number;
}
export interface PreviewRec {
  id: string;
  owner: string;
  description: string;
  prompt: string;
  expires_at: string;
}

/** Everything the emulator remembers. */
export interface StateData {
  version: typeof STATE_VERSION;
  seed: number;
  /** id counter: ids derive from seed + counter */
  counter: number;
  accounts: Record<string, AccountRec>;
  projects: Record<string, ProjectRec>;
  collections: Record<string, CollectionRec>;
  items: Record<string, ItemRec>;
  assets: Record<string, AssetRec>;
  jobs: Record<string, JobRec>;
  /** keyed by `${api key}\n${Idempotency-Key}` */
  idempotency: Record<string, IdempotencyRec>;
  previews: Record<string, PreviewRec>;
}

/** A fresh state for the given seed. */
export function emptyState(seed: number): StateData {
  return {
    version: STATE_VERSION,
    seed,
    counter: 0,
    accounts: {},
    projects: {},
    collections: {},
    items: {},
    assets: {},
    jobs: {},
    idempotency: {},
    previews: {},
  };
}
