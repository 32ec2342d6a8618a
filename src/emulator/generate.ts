/** Turns checked generation specs into items, assets and jobs, charging credits at submission. */
import type { GenerateType, ItemType } from '../api/wire.js';
import type { Core } from './core.js';
import type { Generated } from './dialects/types.js';
import { ApiError, badField } from './errors.js';
import { sha256Hex, slugify } from './ids.js';
import type { LatencyKind } from './options.js';
import { costOf } from './pricing.js';
import { addSizeVariants } from './size-variants.js';
import type { AccountRec, AssetRec, CollectionRec, DeferredReverse, ItemRec, JobRec, RenderWork } from './state.js';
import type { GenKind, GenSpec } from './validate-generate.js';
import { ownedImage } from './uploads.js';

/** A spec whose ids were checked against the state. */
export interface ResolvedGen {
  spec: GenSpec;
  cost: number;
  item?: ItemRec;
  source?: AssetRec;
  end?: AssetRec;
}

const ITEM_TYPE: Record<GenKind, ItemType> = {
  image: 'image', edit: 'image', animation: 'animation', animate: 'animation', transition: 'animation', logo: 'logo',
};
const KEYS: Record<GenKind, string[]> = {
  image: ['image', 'transparent_image'],
  edit: ['image', 'transparent_image'],
  animation: ['image', 'video', 'webm', 'hevc'],
  animate: ['video', 'webm', 'hevc'],
  transition: ['video', 'webm', 'hevc'],
  logo: ['logo', 'logo_transparent', 'icon', 'favicon'],
};
const LATENCY: Record<GenKind, LatencyKind> = {
  image: 'image', edit: 'edit', animation: 'animation', animate: 'animation', transition: 'transition', logo: 'logo',
};
const PLAN_RANK = { free: 0, starter: 1, pro: 2, business: 3 } as const;

/** The file format of an asset key (open set: unknown keys are PNG). */
export function formatOf(key: string): AssetRec['format'] {
  return key === 'video' ? 'mp4' : key === 'webm' ? 'webm' : key === 'hevc' ? 'mov' : 'png';
}

/** Checks item and asset references and plan gating; `prefix` names the batch element. */
export function resolveGen(core: Core, acct: AccountRec, coll: CollectionRec, spec: GenSpec, prefix = ''): ResolvedGen {
  const r: ResolvedGen = { spec, cost: costOf(spec) };
  if (spec.itemId !== undefined) {
    const item = core.store.data.items[spec.itemId];
    if (!item || item.owner !== acct.key) throw badField(prefix + 'item_id', `unknown item ${JSON.stringify(spec.itemId)}`);
    if (item.collection_id !== coll.id) throw badField(prefix + 'item_id', `item ${JSON.stringify(item.id)} belongs to another collection`);
    // A regeneration keeps the item's type; an edit may add images to any item (e.g. an animation's still).
    if (spec.kind !== 'edit' && item.type !== ITEM_TYPE[spec.kind]) {
      throw badField(prefix + 'item_id', `item ${JSON.stringify(item.id)} is of type ${item.type}, not ${ITEM_TYPE[spec.kind]}`);
    }
    r.item = item;
  }
  if (spec.sourceId !== undefined) r.source = imageAsset(core, acct, spec.sourceId, prefix + 'source_image_asset_id');
  if (spec.endId !== undefined) r.end = imageAsset(core, acct, spec.endId, prefix + 'end_image_asset_id');
  if (spec.kind === 'logo' && PLAN_RANK[acct.plan] < PLAN_RANK.pro) {
    throw new ApiError(403, 'forbidden', `logo packs need the pro plan or higher; this key is on ${acct.plan}`, {
      required_plan: 'pro',
      plan: acct.plan,
    });
  }
  return r;
}

function imageAsset(core: Core, acct: AccountRec, id: string, field: string): AssetRec {
  // A generated PNG, or an uploaded PNG, JPEG or WebP.
  return ownedImage(core, acct, id, field);
}

/** 402 unless the account can pay `cost`. */
export function requireCredits(acct: AccountRec, cost: number): void {
  if (acct.balance < cost) {
    throw new ApiError(402, 'insufficient_credits', `this needs ${cost} credits; the balance is ${acct.balance}`, {
      required: cost,
      balance: acct.balance,
    });
  }
}

/** What one job is to be: its kind, price, render work and the prompts its failure is decided on. */
interface JobPlan {
  kind: GenKind;
  type: GenerateType;
  cost: number;
  work: RenderWork;
  prompts: string[];
  reverse: boolean;
  /** widths of the free size variants asked for */
  sizes: readonly number[];
}

/**
 * Creates the item (or reuses it), assets and job; charges credits; schedules the job. A transition's
 * auto_reverse job is made now, or (dialects that say so) recorded to be made when this job completes.
 * Caller saves.
 */
export function createGen(core: Core, acct: AccountRec, coll: CollectionRec, r: ResolvedGen): Generated {
  const { spec } = r;
  const item = r.item ?? newItem(core, acct, coll, spec.name ?? 'Untitled', ITEM_TYPE[spec.kind]);
  const now = new Date(core.now()).toISOString();
  item.generations += 1;
  item.updated_at = now;
  recordPrompts(item, spec);
  const prompts = promptsOf(spec);
  const plan: JobPlan = { kind: spec.kind, type: spec.type, cost: r.cost, work: workOf(coll, r, `${item.id}#${item.generations}`), prompts, reverse: false, sizes: spec.sizes };
  const job = newJob(core, acct, coll, item, plan);
  acct.balance -= r.cost;
  core.stats.creditsCharged += r.cost;
  if (!(spec.kind === 'transition' && spec.autoReverse)) return { job };
  const reverse: DeferredReverse = {
    name: spec.reverseName ?? `${item.name} (reverse)`,
    work: workOf(coll, { ...r, source: r.end!, end: r.source! }, ''),
    prompts,
    ...(spec.sizes.length > 0 ? { sizes: spec.sizes } : {}),
  };
  if (core.dialect.reverseAfterForward) {
    job.deferred_reverse = reverse;
    return { job };
  }
  return { job, reverse: makeReverse(core, acct, coll, reverse) };
}

/** After a job completed: makes the reverse job it was waiting to make, if any. Caller saves. */
export function spawnDeferredReverse(core: Core, forward: JobRec): JobRec | undefined {
  const pending = forward.deferred_reverse;
  if (!pending || forward.status !== 'completed') return undefined;
  delete forward.deferred_reverse;
  const acct = core.store.account(forward.owner);
  const coll = core.store.data.collections[forward.collection_id];
  if (!acct || !coll) return undefined;
  return makeReverse(core, acct, coll, pending);
}

/** The free reverse of a transition, on its own item. */
function makeReverse(core: Core, acct: AccountRec, coll: CollectionRec, rev: DeferredReverse): JobRec {
  const item = newItem(core, acct, coll, rev.name, 'animation');
  item.generations = 1;
  const work = { ...rev.work, seed: `${item.id}#1` };
  return newJob(core, acct, coll, item, { kind: 'transition', type: 'animation', cost: 0, work, prompts: rev.prompts, reverse: true, sizes: rev.sizes ?? [] });
}

function newItem(core: Core, acct: AccountRec, coll: CollectionRec, name: string, type: ItemType): ItemRec {
  const now = new Date(core.now()).toISOString();
  const item: ItemRec = {
    id: core.store.newId(), owner: acct.key, collection_id: coll.id, name, type, archived: false, generations: 0, created_at: now, updated_at: now,
  };
  core.store.data.items[item.id] = item;
  return item;
}

function newJob(core: Core, acct: AccountRec, coll: CollectionRec, item: ItemRec, plan: JobPlan): JobRec {
  const t = core.now();
  const now = new Date(t).toISOString();
  const id = core.store.newId();
  const { work } = plan;
  const asset_ids: Record<string, string> = {};
  for (const key of KEYS[plan.kind]) {
    const assetId = core.store.newId();
    const format = formatOf(key);
    const assetPath = `${acct.prefix}/${coll.slug}/${slugify(item.name, 'item')}-${sha256Hex('asset', assetId).slice(0, 12)}.${format}`;
    core.store.addAsset({
      id: assetId, owner: acct.key, item_id: item.id, collection_id: coll.id, job_id: id, key, format, path: assetPath,
      status: 'pending', prompt: key === 'image' && work.kind === 'animation' ? (work.stillPrompt ?? work.prompt) : work.prompt, created_at: now,
    });
    asset_ids[key] = assetId;
  }
  const latencyKind = LATENCY[plan.kind];
  const job: JobRec = {
    id, owner: acct.key, status: 'pending', type: plan.type, kind: plan.kind, reverse: plan.reverse, latency_kind: latencyKind,
    collection_id: coll.id, item_id: item.id, item_name: item.name, cost_credits: plan.cost, asset_ids, error: null,
    created_at: now, updated_at: now, completed_at: null, ready_at: t + core.time.ms(core.opts.latency[latencyKind]), started_at: null,
    fail: core.faults.jobFailure(id, plan.prompts), work,
  };
  addSizeVariants(core, acct, coll, item, job, plan.sizes);
  core.store.data.jobs[id] = job;
  core.stats.jobsCreated += 1;
  core.stats.jobsByItem[item.id] = (core.stats.jobsByItem[item.id] ?? 0) + 1;
  core.runner.schedule(job);
  return job;
}

/** What the item's last generation was asked, as item views show it (an edit keeps the item's pose prompts). */
function recordPrompts(item: ItemRec, spec: GenSpec): void {
  if (spec.kind === 'edit' || spec.kind === 'logo') return;
  delete item.image_prompt;
  delete item.animation_prompt;
  delete item.duration;
  delete item.loop;
  if (spec.imagePrompt !== undefined) item.image_prompt = spec.imagePrompt;
  if (spec.kind === 'image') return;
  if (spec.animationPrompt !== undefined) item.animation_prompt = spec.animationPrompt;
  item.duration = spec.duration;
  item.loop = spec.kind === 'transition' ? false : spec.loop;
}

function promptsOf(spec: GenSpec): string[] {
  const p = [spec.name, spec.imagePrompt, spec.animationPrompt, spec.editInstructions, spec.reverseName];
  if (spec.logo) p.push(spec.logo.description, spec.logo.styleName, spec.logo.styleInstruction);
  return p.filter((s): s is string => s !== undefined);
}

function workOf(coll: CollectionRec, r: ResolvedGen, seed: string): RenderWork {
  const { spec } = r;
  const description = coll.description;
  switch (spec.kind) {
    case 'image':
      return { kind: 'image', description, prompt: spec.imagePrompt!, seed };
    case 'edit':
      return { kind: 'image', description, prompt: `${r.source!.prompt}, ${spec.editInstructions!}`, seed };
    case 'animation':
      return { kind: 'animation', description, prompt: `${spec.imagePrompt!}, ${spec.animationPrompt!}`, seed, duration: spec.duration, loop: spec.loop, stillPrompt: spec.imagePrompt! };
    case 'animate':
      return { kind: 'animation', description, prompt: `${r.source!.prompt}, ${spec.animationPrompt!}`, seed, duration: spec.duration, loop: spec.loop };
    case 'transition':
      return {
        kind: 'animation', description, prompt: `${r.source!.prompt}, ${spec.animationPrompt!}`, seed, duration: spec.duration, loop: false, endPrompt: r.end!.prompt,
      };
    case 'logo':
      return { kind: 'logo', description, prompt: `${spec.logo!.description}, ${spec.logo!.styleInstruction}`, seed, styleName: spec.logo!.styleName };
    default: {
      const never: never = spec.kind;
      throw new Error(`unhandled kind ${String(never)}`);
    }
  }
}
