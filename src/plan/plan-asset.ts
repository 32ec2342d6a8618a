/** The one action of one manifest asset, given the steps already planned for its upstreams (pure). */
import type { Asset } from '../model/manifest.js';
import type { Lockfile } from '../model/lock.js';
import type { LocalFiles, PlanAction, PlanStep } from '../model/plan.js';
import { checkFiles, type FileFixes } from './check-files.js';
import { estimateCredits } from './cost.js';
import { changedFields } from './diff-inputs.js';
import { fingerprintInputs, fingerprintOf, type UpstreamRef } from './fingerprint.js';
import { variantFixes } from './plan-variants.js';
import { freeFixReason, regenerateReason } from './reasons.js';
import { createReason, fileSha256Of, REROLL_REASON, uploadNote } from './life-reasons.js';

/**
 * Actions after which an asset's image will be new, so its dependants must follow. A `resume` is not
 * one: its image asset id was recorded when the job was accepted, and dependants already submitted
 * against it must be resumed, never paid for again.
 */
const SUBMITTED: ReadonlySet<PlanAction> = new Set(['create', 'regenerate']);

/** What planAsset reads besides the asset. */
export interface AssetPlanContext {
  collection: string;
  lock: Lockfile | undefined;
  files: LocalFiles;
  dependsOn: string[];
  /** Steps already planned (every upstream comes first). */
  steps: ReadonlyMap<string, PlanStep>;
  /** `--reroll` names this asset: a new generation with the same inputs, under the same item. */
  reroll?: boolean;
}

/** Plans one asset: fingerprint, then regenerate/create > resume > relocate > restore > rename > unchanged. */
export function planAsset(asset: Asset, ctx: AssetPlanContext): PlanStep {
  const stepOf = (id: string): PlanStep => {
    const step = ctx.steps.get(id);
    if (!step) throw new Error(`bug: ${asset.id} planned before its upstream ${id}`);
    return step;
  };
  const inputs = plannedInputs(asset, ctx);
  const fingerprint = fingerprintOf(inputs);
  // Field order is the order `plan --json` shows: what, why, cost, then the details.
  const make = (action: PlanAction, reason: string, credits: number, extra: Partial<PlanStep> = {}): PlanStep => {
    const { cause, ...rest } = extra;
    return { id: asset.id, action, reason, ...(cause !== undefined ? { cause } : {}), credits, depends_on: ctx.dependsOn, kind: asset.kind, fingerprint, ...rest };
  };
  const entry = lockEntry(ctx.lock, asset.id);
  // A batch a killed run wrote down is settled on the API first: the estimate stays an upper bound.
  const settling = inflightHolds(ctx.lock, asset.id) ? '; an interrupted submission is checked on the API first (free if it was accepted)' : '';
  if (!entry) return make('create', createReason(asset) + settling, estimateCredits(asset));

  const causes = ctx.dependsOn.filter((d) => SUBMITTED.has(stepOf(d).action));
  // An edit adds assets to its source's item: its own name never renames that item.
  const rename = asset.kind !== 'edit' && entry.name !== asset.name ? { from: entry.name, to: asset.name } : undefined;
  const fingerprintDiffers = fingerprint !== entry.fingerprint;
  const changed = fingerprintDiffers ? changedFields(inputs, entry.inputs) : [];
  const reverseProblem = reverseProblemOf(asset, ctx.lock);
  const reroll = ctx.reroll === true && !fingerprintDiffers && entry.status === 'completed';
  if (fingerprintDiffers || causes.length > 0 || entry.status === 'failed' || reverseProblem || reroll) {
    // A field differs only because its upstream changes: report the upstream, not the field.
    const upstreamFields = new Set(['source', 'end', 'parent']);
    const ownChanged = changed.filter((f) => !(upstreamFields.has(f) && isRefToCause(inputs[f], causes, ctx.steps)));
    const revision = asset.revision !== undefined && ownChanged.includes('revision') ? asset.revision : undefined;
    const reason = [regenerateReason({ entry, ownChanged, causes, plannedKind: asset.kind, fingerprintDiffers, reverseProblem, ...(revision !== undefined ? { revision } : {}) }), uploadNote(asset, ownChanged, entry.inputs), reroll ? REROLL_REASON : ''].filter(Boolean).join('; ');
    return make('regenerate', reason + settling, estimateCredits(asset), {
      ...(causes[0] !== undefined ? { cause: causes[0] } : {}),
      changed,
      ...(rename ? { rename } : {}),
      ...(reroll || revision !== undefined ? { reroll: true } : {}),
    });
  }
  if (entry.status === 'pending') {
    const waitingFor = entry.job_id ? `job ${entry.job_id} is still pending` : 'made by the API after its transition; looked up, free';
    const reason = waitingFor + (rename ? `; ${freeFixReason({ rename })}` : '');
    return make('resume', reason, 0, rename ? { rename } : {});
  }
  const variants = variantFixes(asset, entry, ctx.files);
  const fixes = withoutDropped(checkFiles(asset, entry, ctx.files), variants.drop);
  const restoreInfo = fixes.restore.map((key) => ({ key, missing: !(Object.hasOwn(ctx.files, entry.files[key]!.path) && ctx.files[entry.files[key]!.path]!.exists) }));
  const reason = freeFixReason({ relocate: fixes.relocate.length > 0, restore: restoreInfo, ...(rename ? { rename } : {}), variants });
  const derive = [...variants.derive, ...variants.rederive].sort();
  const changesVariants = variants.derive.length > 0 || variants.drop.length > 0;
  const action: PlanAction =
    fixes.relocate.length > 0 ? 'relocate' : changesVariants ? 'derive' : fixes.restore.length > 0 || derive.length > 0 ? 'restore' : rename ? 'rename' : 'unchanged';
  return make(action, reason, 0, {
    ...(rename ? { rename } : {}),
    ...(fixes.relocate.length > 0 ? { relocate: fixes.relocate } : {}),
    ...(fixes.restore.length > 0 ? { restore: fixes.restore } : {}),
    ...(derive.length > 0 ? { derive } : {}),
    ...(variants.drop.length > 0 ? { drop: variants.drop } : {}),
  });
}

/**
 * The fingerprint inputs of `asset` as planned: an upstream that stays as locked contributes its
 * locked `image` asset id; one about to change (or a reverse's parent, always) its planned fingerprint.
 */
export function plannedInputs(
  asset: Asset,
  ctx: { collection: string; lock: Lockfile | undefined; steps: ReadonlyMap<string, PlanStep>; files?: LocalFiles },
): Record<string, unknown> {
  const upstream = (id: string): UpstreamRef => {
    const step = ctx.steps.get(id);
    if (!step?.fingerprint) throw new Error(`bug: ${asset.id} planned before its upstream ${id}`);
    const image = lockEntry(ctx.lock, id)?.files['image']?.asset_id;
    if (asset.kind !== 'reverse' && !SUBMITTED.has(step.action) && image) return { asset_id: image };
    return { fingerprint: step.fingerprint };
  };
  return fingerprintInputs(asset, { collection: ctx.collection, upstream, ...(ctx.files ? { fileSha256: fileSha256Of(ctx.files) } : {}) });
}

/** The lock entry of an id (own properties only: ids like `constructor` are valid). */
export function lockEntry(lock: Lockfile | undefined, id: string) {
  return lock && Object.hasOwn(lock.assets, id) ? lock.assets[id] : undefined;
}

/** File fixes without the variants about to be dropped (a removed size is not restored first). */
function withoutDropped(fixes: FileFixes, drop: string[]): FileFixes {
  if (drop.length === 0) return fixes;
  return { relocate: fixes.relocate.filter((r) => !drop.includes(r.key)), restore: fixes.restore.filter((k) => !drop.includes(k)) };
}

/** A transition whose reverse clip is missing or failed must be submitted again: a reverse is never made alone. */
function reverseProblemOf(asset: Asset, lock: Lockfile | undefined): string | undefined {
  if (asset.kind !== 'transition' || !asset.reverse) return undefined;
  const rev = lockEntry(lock, asset.reverse.id);
  if (!rev) return `its reverse ${asset.reverse.id} is not in the lock`;
  if (rev.status === 'failed') return `its reverse ${asset.reverse.id} failed`;
  return undefined;
}

/** Whether a planned input value is the new fingerprint of one of the changing upstreams. */
function isRefToCause(value: unknown, causes: string[], steps: ReadonlyMap<string, PlanStep>): boolean {
  if (typeof value !== 'object' || value === null || !('fingerprint' in value)) return false;
  return causes.some((c) => steps.get(c)?.fingerprint === (value as { fingerprint: unknown }).fingerprint);
}

/** Whether a written-down (interrupted) batch holds this asset. */
function inflightHolds(lock: Lockfile | undefined, id: string): boolean {
  return Object.values(lock?.inflight ?? {}).some((batch) => batch.items.some((i) => i.id === id));
}
