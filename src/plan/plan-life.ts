/**
 * The parts of a plan beyond one action per asset (pure): the images to upload first, the
 * collection's reference changes, the `moved:` takeovers, and the hint that a create and an
 * orphan with the same inputs could be one moved asset.
 */
import type { Lockfile } from '../model/lock.js';
import type { ImageSource, Manifest } from '../model/manifest.js';
import type { LocalFiles, Plan, PlanReference, PlanStep, PlanUpload } from '../model/plan.js';
import { sourceKey } from '../manifest/image-source.js';
import type { AppliedMove } from './apply-moves.js';
import { fileSha256Of, imageSourcesOf } from './life-reasons.js';

const GENERATING = new Set(['create', 'regenerate']);
/** What a reference change says about assets already made (docs/fingerprint.md explains the choice). */
const LOOK_NOTE = 'free; assets already made keep their look (re-roll them with --reroll to use the new references)';

/** uploads, references, and the moved/hint annotations of `steps` (set in place). */
export function planLife(manifest: Manifest, lock: Lockfile | undefined, files: LocalFiles, steps: PlanStep[], collection: string | null, moves: AppliedMove[]): Pick<Plan, 'uploads' | 'references'> {
  const references = planReferences(manifest, lock, files, collection);
  const uploads = planUploads(manifest, lock, files, steps, references);
  annotateMoves(steps, moves);
  hintUnappliedMoves(manifest, lock, steps);
  hintMoves(manifest, lock, steps);
  return { ...(uploads.length > 0 ? { uploads } : {}), ...(references.length > 0 ? { references } : {}) };
}

/** Whether the locked upload of a source holds what the manifest names now (same bytes, or the same URL). */
export function uploadIsCurrent(source: ImageSource, lock: Lockfile | undefined, sha256: (path: string) => string | undefined): boolean {
  const locked = lock?.uploads?.[sourceKey(source)];
  if (!locked) return false;
  return source.kind === 'url' || (locked.sha256 !== undefined && locked.sha256 === sha256(source.path));
}

/** Every file or URL the manifest uses, with what uses it, in manifest order. */
function sourcesOf(manifest: Manifest): Map<string, { source: ImageSource; users: string[] }> {
  const out = new Map<string, { source: ImageSource; users: string[] }>();
  const add = (source: ImageSource, user: string) => {
    const key = sourceKey(source);
    const known = out.get(key) ?? { source, users: [] };
    if (!known.users.includes(user)) known.users.push(user);
    out.set(key, known);
  };
  if (manifest.collection.kind === 'define') for (const r of manifest.collection.references ?? []) add(r, 'collection');
  for (const asset of Object.values(manifest.assets)) for (const s of imageSourcesOf(asset)) add(s, asset.id);
  return out;
}

function planUploads(manifest: Manifest, lock: Lockfile | undefined, files: LocalFiles, steps: PlanStep[], references: PlanReference[]): PlanUpload[] {
  const sha = fileSha256Of(files);
  const generating = new Set(steps.filter((s) => GENERATING.has(s.action)).map((s) => s.id));
  const addedRefs = new Set(references.filter((r) => r.action === 'add').map((r) => r.source));
  const out: PlanUpload[] = [];
  for (const [key, { source, users }] of sourcesOf(manifest)) {
    const state = source.kind === 'file' && Object.hasOwn(files, source.path) ? files[source.path] : undefined;
    const needed = users.some((u) => (u === 'collection' ? addedRefs.has(key) : generating.has(u)));
    const current = uploadIsCurrent(source, lock, sha);
    const locked = lock?.uploads?.[key];
    let reason: string;
    if (current) reason = `uploaded as ${locked!.asset_id}`;
    else if (!needed) reason = 'not needed now: what is made from it is current';
    else if (source.kind === 'file' && sha(source.path) === undefined) reason = 'missing on disk';
    else if (locked) reason = source.kind === 'file' ? 'its bytes changed since they were uploaded' : 'not uploaded yet';
    else reason = 'not uploaded yet';
    out.push({
      source: key,
      kind: source.kind,
      action: needed && !current ? 'upload' : 'unchanged',
      reason: needed && !current ? `${reason}; free` : reason,
      credits: 0,
      ...(state?.sha256 !== undefined ? { sha256: state.sha256 } : {}),
      ...(state?.bytes !== undefined ? { bytes: state.bytes } : {}),
      used_by: users,
    });
  }
  return out;
}

function planReferences(manifest: Manifest, lock: Lockfile | undefined, files: LocalFiles, collection: string | null): PlanReference[] {
  const spec = manifest.collection;
  if (spec.kind !== 'define') return [];
  const wanted = spec.references ?? [];
  if (collection === null || !lock?.collection) {
    return wanted.map((r) => ({ source: sourceKey(r), action: 'add', reason: 'the collection is created from it; free', credits: 0 }));
  }
  const sha = fileSha256Of(files);
  const attached = lock.references ?? {};
  const out: PlanReference[] = [];
  for (const r of wanted) {
    const key = sourceKey(r);
    const assetId = Object.hasOwn(attached, key) ? attached[key] : undefined;
    const upload = lock.uploads?.[key];
    if (assetId !== undefined && uploadIsCurrent(r, lock, sha) && upload?.asset_id === assetId) {
      out.push({ source: key, action: 'unchanged', reason: `attached as ${assetId}`, credits: 0, asset_id: assetId });
    } else if (assetId !== undefined) {
      out.push({ source: key, action: 'remove', reason: `its file changed: the old upload is replaced; ${LOOK_NOTE}`, credits: 0, asset_id: assetId });
      out.push({ source: key, action: 'add', reason: `the new bytes replace the old reference; ${LOOK_NOTE}`, credits: 0 });
    } else {
      out.push({ source: key, action: 'add', reason: `new reference; ${LOOK_NOTE}`, credits: 0 });
    }
  }
  const keys = new Set(wanted.map(sourceKey));
  for (const [key, assetId] of Object.entries(attached).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!keys.has(key)) out.push({ source: key, action: 'remove', reason: `no longer in collection.references; ${LOOK_NOTE}`, credits: 0, asset_id: assetId });
  }
  return out;
}

function annotateMoves(steps: PlanStep[], moves: AppliedMove[]): void {
  for (const { from, to } of moves) {
    const step = steps.find((s) => s.id === to);
    if (!step) continue;
    step.moved_from = from;
    step.reason = `moved from ${from} (moved: in masko.yaml); ${step.reason}`;
  }
}

/** A `moved:` entry whose old and new ids both have lock entries is not applied: the orphan says why, not just "not in the manifest". */
function hintUnappliedMoves(manifest: Manifest, lock: Lockfile | undefined, steps: PlanStep[]): void {
  if (!lock || !manifest.moved) return;
  for (const [from, to] of Object.entries(manifest.moved)) {
    const orphan = steps.find((s) => s.id === from && s.action === 'orphan');
    if (!orphan || !Object.hasOwn(lock.assets, to)) continue;
    orphan.hint = `\`moved: { ${from}: ${to} }\` is not applied: ${to} already has its own entry in masko.lock (its own generation), so ${from}'s stays an orphan; \`masko-sync prune\` removes it`;
  }
}

/** A create and an orphan with the same fingerprint (same inputs): most likely a renamed id. */
function hintMoves(manifest: Manifest, lock: Lockfile | undefined, steps: PlanStep[]): void {
  if (!lock) return;
  // By fingerprint, so that a large plan stays linear: only a one-to-one match is a hint.
  const orphansBy = new Map<string, PlanStep[]>();
  for (const o of steps) if (o.action === 'orphan') {
    const fp = lock.assets[o.id]?.fingerprint;
    if (fp !== undefined) orphansBy.set(fp, [...(orphansBy.get(fp) ?? []), o]);
  }
  const creates = steps.filter((s) => s.action === 'create' && s.fingerprint !== undefined && !manifest.assets[s.id]?.imported);
  const createCount = new Map<string, number>();
  for (const c of creates) createCount.set(c.fingerprint!, (createCount.get(c.fingerprint!) ?? 0) + 1);
  for (const create of creates) {
    const same = orphansBy.get(create.fingerprint!) ?? [];
    if (same.length !== 1 || createCount.get(create.fingerprint!) !== 1) continue;
    const orphan = same[0]!;
    const line = `add \`moved: { ${orphan.id}: ${create.id} }\` to masko.yaml to keep it for free`;
    create.hint = `same inputs as the orphan ${orphan.id}: ${line}`;
    orphan.hint = `same inputs as the new asset ${create.id}: ${line}`;
  }
}

/** Reference changes a sync makes beyond its asset steps (adds and removes): work even when no asset changes. */
export function collectionChanges(plan: Pick<Plan, 'references'>): number {
  return (plan.references ?? []).filter((r) => r.action !== 'unchanged').length;
}
