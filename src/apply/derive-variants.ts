/**
 * The size and format variants of a completed asset, made to match the manifest: a variant the API
 * did not make (no CDN file) is derived locally and recorded in `derived`; one the manifest no longer
 * wants loses its record and its file. Free, and never a request: adding a size or a format to a
 * synced asset costs nothing.
 */
import { parseVariantKey } from '../manifest/variant-keys.js';
import type { Asset } from '../model/manifest.js';
import { variantTargets } from '../plan/plan-variants.js';
import type { LockJournal } from './journal.js';
import type { Manifest } from '../model/manifest.js';
import type { PlanStep } from '../model/plan.js';
import type { RunOutcomes } from './run-outcomes.js';
import type { ApplyEvent, ApplyFiles } from './types.js';

/** What a pass did: variants made or dropped, and the first problem (the asset then fails). */
export interface VariantPass {
  changed: number;
  failure?: { code: string; message: string };
}

/**
 * Brings the variants of `asset` in line with the manifest. `justGenerated`: the job that made the
 * files ran with `sizes`, so a size it did not make is the API's to explain (said in the event).
 */
export async function settleVariants(asset: Asset, journal: LockJournal, files: ApplyFiles, emit: (e: ApplyEvent) => void, justGenerated = false): Promise<VariantPass> {
  const pass: VariantPass = { changed: 0 };
  const entry = journal.lock.assets[asset.id];
  if (!entry || entry.status !== 'completed' || !files.derive) return pass;
  const wanted = new Map(variantTargets(asset, entry).map((t) => [t.key, t.path]));
  for (const [key, path] of wanted) {
    if (Object.hasOwn(entry.files, key)) continue; // the API made it: an ordinary file
    const v = parseVariantKey(key)!;
    const source = entry.files[v.base];
    if (!source) continue;
    const before = entry.derived?.[key]?.path;
    let out;
    try {
      // Files just generated are new: a derived file of the old ones is never taken as current.
      out = await files.derive({ id: asset.id, key, source, target: path, recorded: before === path && !justGenerated });
    } catch (err) {
      pass.failure ??= { code: 'derive_failed', message: `${key}: ${(err as Error).message}` };
      continue;
    }
    if (out.kind === 'skipped') {
      emit({ type: 'warning', message: `${asset.id}: no ${key} variant: ${out.reason}` });
      continue;
    }
    if (before !== path) {
      await journal.update((lock) => void ((lock.assets[asset.id]!.derived ??= {})[key] = { path }));
      if (before !== undefined && !pathsOf(journal, asset.id).has(before)) await files.remove?.(before);
    }
    if (out.kind === 'made' || before !== path) {
      pass.changed++;
      emit({ type: 'derived', id: asset.id, key, path, reason: reasonOf(v.size, v.format, justGenerated, out.kind === 'made' ? out.why : undefined) });
    }
  }
  for (const key of dropped(entry, wanted)) {
    const path = entry.derived?.[key]?.path ?? entry.files[key]?.path;
    await journal.update((lock) => {
      const e = lock.assets[asset.id]!;
      if (e.derived && Object.hasOwn(e.derived, key)) delete e.derived[key];
      else delete e.files[key];
      if (e.derived && Object.keys(e.derived).length === 0) delete e.derived;
    });
    // A derived record a CDN file replaced shares its path: the file stays.
    if (path !== undefined && !pathsOf(journal, asset.id).has(path)) await files.remove?.(path);
    pass.changed++;
    if (path !== undefined) emit({ type: 'dropped', id: asset.id, key, path });
  }
  return pass;
}

/** Variant records the manifest no longer wants, or that a CDN file of the same key now covers. */
function dropped(entry: { files: Record<string, unknown>; derived?: Record<string, unknown> }, wanted: Map<string, string>): string[] {
  const out = Object.keys(entry.derived ?? {}).filter((k) => !wanted.has(k) || Object.hasOwn(entry.files, k));
  for (const key of Object.keys(entry.files)) if (parseVariantKey(key) !== undefined && !wanted.has(key)) out.push(key);
  return out.sort();
}

/** Every path an entry records now. */
function pathsOf(journal: LockJournal, id: string): Set<string> {
  const e = journal.lock.assets[id];
  return new Set([...Object.values(e?.files ?? {}).map((f) => f.path), ...Object.values(e?.derived ?? {}).map((d) => d.path)]);
}

function reasonOf(size: number | undefined, format: string | undefined, justGenerated: boolean, why: 'missing' | 'stale' | 'modified' | undefined): string {
  const parts: string[] = [];
  // The API makes sizes, never formats: only a plain size it did not make is its to explain.
  if (size !== undefined) parts.push(justGenerated && format === undefined ? `the API made no ${size} px variant` : `${size} px`);
  if (format !== undefined) parts.push(format);
  if (why === 'stale') parts.push('its source changed');
  else if (why === 'modified') parts.push('it was changed on disk');
  return parts.join(', ') + '; free';
}

/** Variants of assets that generate nothing this run (`steps`, in plan order): made or dropped locally, free. */
export async function deriveUnchanged(steps: PlanStep[], manifest: Manifest, journal: LockJournal, files: ApplyFiles, outcomes: RunOutcomes): Promise<void> {
  for (const step of steps) {
    const asset = manifest.assets[step.id];
    if (!asset || !(step.derive?.length || step.drop?.length)) continue;
    const pass = await settleVariants(asset, journal, files, (e) => outcomes.emit(e));
    if (pass.failure) {
      outcomes.result.failed.push({ id: step.id, ...pass.failure });
      outcomes.emit({ type: 'failed', id: step.id, ...pass.failure });
    } else if (pass.changed > 0) outcomes.result.fixed++;
  }
}
