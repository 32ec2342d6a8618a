/** The one action of one manifest asset, given the steps already planned for its upstreams (pure). */
import type { Asset } from '../model/manifest.js';
import type { Lockfile } from '../model/lock.js';
import type { LocalFiles, PlanAction, PlanStep } from '../model/plan.js';
import { checkFiles } from './check-files.js';
import { estimateCredits } from './cost.js';
import { changedFields } from './diff-inputs.js';
import { fingerprintInputs, fingerprintOf, type UpstreamRef } from './fingerprint.js';
import { freeFixReason, regenerateReason } from './reasons.js';

/** Actions after which an asset's image will be new, so its dependants must follow. */
const CHANGING: ReadonlySet<PlanAction> = new Set(['create', 'regenerate', 'resume']);
/** A reverse clip is produced by its transition's job: it follows only a new submission. */
const SUBMITTED: ReadonlySet<PlanAction> = new Set(['create', 'regenerate']);

/** What planAsset reads besides the asset. */
export interface AssetPlanContext {
  collection: string;
  lock: Lockfile | undefined;
  files: LocalFiles;
  dependsOn: string[];
  /** Steps already planned (every upstream comes first). */
  steps: ReadonlyMap<string, PlanStep>;
}

/** Plans one asset: fingerprint, then regenerate/create > resume > relocate > restore > rename > unchanged. */
export function planAsset(asset: Asset, ctx: AssetPlanContext): PlanStep {
  const stepOf = (id: string): PlanStep => {
    const step = ctx.steps.get(id);
    if (!step) throw new Error(`bug: ${asset.id} planned before its upstream ${id}`);
    return step;
  };
  const upstream = (id: string): UpstreamRef => {
    const step = stepOf(id);
    const image = lockEntry(ctx.lock, id)?.files['image'];
    if (asset.kind !== 'reverse' && !CHANGING.has(step.action) && image) return { asset_id: image.asset_id };
    return { fingerprint: step.fingerprint! };
  };
  const inputs = fingerprintInputs(asset, { collection: ctx.collection, upstream });
  const fingerprint = fingerprintOf(inputs);
  const base = { id: asset.id, kind: asset.kind, depends_on: ctx.dependsOn, fingerprint };
  const entry = lockEntry(ctx.lock, asset.id);
  if (!entry) return { ...base, action: 'create', reason: 'not in the lock', credits: estimateCredits(asset) };

  const follows = asset.kind === 'reverse' ? SUBMITTED : CHANGING;
  const causes = ctx.dependsOn.filter((d) => follows.has(stepOf(d).action));
  const rename = entry.name !== asset.name ? { from: entry.name, to: asset.name } : undefined;
  const fingerprintDiffers = fingerprint !== entry.fingerprint;
  const changed = fingerprintDiffers ? changedFields(inputs, entry.inputs) : [];
  const reverseProblem = reverseProblemOf(asset, ctx.lock);
  if (fingerprintDiffers || causes.length > 0 || entry.status === 'failed' || reverseProblem) {
    // A field differs only because its upstream changes: report the upstream, not the field.
    const upstreamFields = new Set(['source', 'end', 'parent']);
    const ownChanged = changed.filter((f) => !(upstreamFields.has(f) && isRefToCause(inputs[f], causes, ctx.steps)));
    const reason = regenerateReason({ entry, ownChanged, causes, plannedKind: asset.kind, fingerprintDiffers, reverseProblem });
    return {
      ...base,
      action: 'regenerate',
      reason,
      ...(causes[0] !== undefined ? { cause: causes[0] } : {}),
      credits: estimateCredits(asset),
      changed,
      ...(rename ? { rename } : {}),
    };
  }
  const free = { ...base, credits: 0 };
  if (entry.status === 'pending') {
    const reason = `job ${entry.job_id} is still pending` + (rename ? `; ${freeFixReason({ rename })}` : '');
    return { ...free, action: 'resume', reason, ...(rename ? { rename } : {}) };
  }
  const fixes = checkFiles(asset, entry, ctx.files);
  const restoreInfo = fixes.restore.map((key) => ({ key, missing: !ctx.files[entry.files[key]!.path]?.exists }));
  const reason = freeFixReason({ relocate: fixes.relocate.length > 0, restore: restoreInfo, ...(rename ? { rename } : {}) });
  const action: PlanAction =
    fixes.relocate.length > 0 ? 'relocate' : fixes.restore.length > 0 ? 'restore' : rename ? 'rename' : 'unchanged';
  return {
    ...free,
    action,
    reason,
    ...(rename ? { rename } : {}),
    ...(fixes.relocate.length > 0 ? { relocate: fixes.relocate } : {}),
    ...(fixes.restore.length > 0 ? { restore: fixes.restore } : {}),
  };
}

/** The lock entry of an id (own properties only: ids like `constructor` are valid). */
export function lockEntry(lock: Lockfile | undefined, id: string) {
  return lock && Object.hasOwn(lock.assets, id) ? lock.assets[id] : undefined;
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
