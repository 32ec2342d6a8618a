/**
 * `masko-sync import`: adopts the items of an existing collection into masko.yaml and masko.lock,
 * spending nothing. Each item becomes an asset entry appended to `assets` (with a comment; the rest of
 * the file is kept byte for byte) and a completed lock entry whose files are downloaded and hashed,
 * with the inputs the planner computes from that entry, so the next plan shows it `unchanged`.
 * Order of writes: files, then masko.lock, then masko.yaml (a crash between the last two leaves lock
 * entries that a new import takes up again, never a manifest entry that a sync would pay for).
 */
import { lstat, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomically } from '../lockfile/atomic-write.js';
import { emptyLock, writeLock } from '../lockfile/index.js';
import { readRegular } from '../lockfile/read-regular.js';
import { appendAssets, type AppendedAsset } from '../manifest/append-assets.js';
import { loadManifest } from '../manifest/load-manifest.js';
import type { LockEntry, LockedFile, Lockfile } from '../model/lock.js';
import type { Manifest } from '../model/manifest.js';
import { replaceableFiles } from '../outputs/ownership.js';
import { maxDownloadBytes, projectFiles } from '../outputs/project-files.js';
import { buildGraph } from '../graph/index.js';
import { applyMoves, buildPlan, expectedPath, fingerprintInputs, fingerprintOf } from '../plan/index.js';
import { openApi } from './api-session.js';
import { parseOverwrite } from './check-conflicts.js';
import type { OperationContext } from './context.js';
import { OperationError } from './errors.js';
import { ExitCode } from './exit-codes.js';
import { draftImports, type ImportDraft, type ImportSkip, type LockedItem } from './import-drafts.js';
import { localFiles, loadProject, type Project } from './project.js';

export interface ImportOptions {
  file?: string;
  /** The collection to import from (default: the manifest's, or the lock's). */
  collection?: string;
  /** Show what would be written; write and download nothing. */
  dryRun?: boolean;
  emulator?: boolean;
  /** `--overwrite <paths|all>`: files in the way adopted on purpose (as sync's). */
  overwrite?: string[];
  onEvent?: (event: ImportEvent) => void;
}

/** One adopted (or, with --dry-run, adoptable) item. */
export interface ImportedAsset {
  id: string;
  item_id: string;
  name: string;
  kind: string;
  /** Written with `imported: true` (prompts unknown). */
  marked: boolean;
  files: string[];
}

export type ImportEvent = { type: 'imported'; asset: ImportedAsset } | { type: 'skipped'; skip: ImportSkip } | { type: 'warning'; message: string };

export interface ImportReport {
  displayName: string;
  collection: string;
  dryRun: boolean;
  imported: ImportedAsset[];
  skipped: ImportSkip[];
  /** The YAML appended to `assets` (with --dry-run: what would be). */
  yaml: string;
  exitCode: number;
}

/** Imports the collection's items; throws OperationError for the stops of the exit-code table. */
export async function importCollection(octx: OperationContext, options: ImportOptions = {}): Promise<ImportReport> {
  const project = await loadProject(octx, options.file, options.dryRun ? {} : { runLock: 'import' });
  try {
    const lock = applyMoves(project.manifest, project.lock ?? emptyLock()).lock;
    const collection = collectionOf(project, lock, options.collection);
    const session = await openApi(octx, { emulator: options.emulator ?? false, projectDir: project.dir });
    try {
      const items = await session.api.listItems(collection, octx.signal);
      const jobs = items.some((i) => !i.assets.some((a) => a.jobId)) ? await session.api.listJobs({ collectionId: collection }, { ...(octx.signal ? { signal: octx.signal } : {}) }) : [];
      const jobOfItem = latestJobs(jobs);
      const { drafts, skipped } = draftImports(items, { ids: takenIds(project.manifest), lockItems: lockItems(project.manifest, lock) }, jobOfItem);
      for (const s of skipped) options.onEvent?.({ type: 'skipped', skip: s });
      const text = await readRegular(project.manifestPath, 'utf8');
      const { kept, manifest, failed } = appendChecked(text, drafts);
      for (const s of failed) options.onEvent?.({ type: 'skipped', skip: s });
      skipped.push(...failed);
      const planned = kept.map((d) => planEntry(d, manifest!, collection));
      const mayReplace = replaceableFiles(lock, parseOverwrite(options.overwrite));
      if (options.dryRun || planned.length === 0) {
        for (const p of planned) {
          options.onEvent?.({ type: 'imported', asset: p.summary });
          // What the real import would refuse: said now, since --dry-run downloads nothing to compare.
          for (const rel of await filesInTheWay(project.dir, Object.values(p.entry.files).map((f) => f.path), mayReplace)) {
            options.onEvent?.({ type: 'warning', message: `${rel} is in the way of ${p.draft.id}: a file masko-sync did not make is there. The import would skip item ${p.draft.item.id} unless the download has the same bytes; move it away, or adopt it with --overwrite ${rel}` });
          }
        }
        return report(project, collection, options.dryRun ?? false, planned.map((p) => p.summary), skipped, yamlOf(kept));
      }
      const files = projectFiles({
        projectDir: project.dir,
        urls: session.target.downloads,
        mayReplace,
        maxBytes: maxDownloadBytes(octx.env),
        dispatcher: session.agent,
      });
      const done: typeof planned = [];
      // Every file this import put where nothing was, of the items it keeps.
      const createdByDone: string[] = [];
      for (const p of planned) {
        // Files this import put where nothing was: an item skipped half-way takes them away again (no lock entry would own them).
        const created: string[] = [];
        try {
          for (const [key, f] of Object.entries(p.entry.files)) {
            const existed = await lstat(path.join(project.dir, f.path)).then(() => true, () => false);
            const got = await files.download(f.url, f.path, { ...(octx.signal ? { signal: octx.signal } : {}) });
            if (!existed) created.push(f.path);
            p.entry.files[key] = { ...f, bytes: got.bytes, sha256: got.sha256 };
          }
          done.push(p);
          createdByDone.push(...created);
        } catch (err) {
          await Promise.all(created.map((rel) => rm(path.join(project.dir, rel), { force: true })));
          if (octx.signal?.aborted) throw err;
          const skip = { item_id: p.draft.item.id, ...(p.draft.item.name !== undefined ? { name: p.draft.item.name } : {}), reason: `its files could not be downloaded: ${(err as Error).message}` };
          skipped.push(skip);
          options.onEvent?.({ type: 'skipped', skip });
        }
      }
      if (done.length === 0) return report(project, collection, false, [], skipped, '');
      // The manifest is written back with the new assets appended to the text read before the
      // downloads: an edit saved meanwhile would be lost. Then nothing is written, and the files
      // downloaded where nothing was are taken away again (no lock entry would own them).
      if ((await readRegular(project.manifestPath, 'utf8').catch(() => undefined)) !== text) {
        await Promise.all(createdByDone.map((rel) => rm(path.join(project.dir, rel), { force: true })));
        throw new OperationError(
          `${project.displayName} changed while the import was downloading; to keep your edit, nothing was imported: masko.lock and ${project.displayName} are as they were, and the files it had added are removed. Run \`masko-sync import\` again: it is free.`,
          ExitCode.failure,
        );
      }
      const next: Lockfile = { ...lock, assets: Object.assign(Object.create(null) as Lockfile['assets'], lock.assets), collection };
      for (const p of done) next.assets[p.draft.id] = p.entry;
      await writeLock(project.lockPath, next);
      const kept2 = done.map((p) => p.draft);
      await writeFileAtomically(project.manifestPath, appendAssets(text, kept2.map(appended)));
      for (const p of done) options.onEvent?.({ type: 'imported', asset: p.summary });
      await checkUnchanged(octx, options, project, done.map((p) => p.draft.id));
      return report(project, collection, false, done.map((p) => p.summary), skipped, yamlOf(kept2));
    } finally {
      await session.close();
    }
  } finally {
    await project.runLock?.release();
  }
}

/** Paths of `rels` where something this run may not replace already is (a file, a symlink, a folder). */
async function filesInTheWay(dir: string, rels: string[], mayReplace: (rel: string) => boolean): Promise<string[]> {
  const out: string[] = [];
  for (const rel of rels) if (!mayReplace(rel) && (await lstat(path.join(dir, rel)).then(() => true, () => false))) out.push(rel);
  return out;
}

/** The collection to import from: --collection, else the manifest's id, else the lock's; a contradiction is a usage error. */
function collectionOf(project: Project, lock: Lockfile, given: string | undefined): string {
  const spec = project.manifest.collection;
  const own = spec.kind === 'id' ? spec.id : lock.collection;
  if (given !== undefined && own !== undefined && given !== own) {
    const where = spec.kind === 'id' ? `${project.displayName} names collection ${own}` : `masko.lock records collection ${own} for ${project.displayName}`;
    throw new OperationError(`--collection ${given} is not this project's collection: ${where}. Import into a manifest of that collection (or a new one).`, ExitCode.invalid);
  }
  const id = given ?? own;
  if (id === undefined) throw new OperationError(`${project.displayName} defines a collection that does not exist yet: say which one to import with --collection <id>`, ExitCode.invalid);
  return id;
}

/** Ids the manifest holds (assets, reverse clips, and the old ids of `moved:`). */
function takenIds(manifest: Manifest): Set<string> {
  const ids = new Set(Object.keys(manifest.assets));
  for (const from of Object.keys(manifest.moved ?? {})) ids.add(from);
  return ids;
}

/** Which lock entry records each item, and how it stands (a manifest asset wins over an orphan). */
function lockItems(manifest: Manifest, lock: Lockfile): Map<string, LockedItem> {
  const rank: Record<LockedItem['state'], number> = { manifest: 3, orphan: 2, 'imported-orphan': 1, superseded: 0 };
  const out = new Map<string, LockedItem>();
  const put = (item: string, rec: LockedItem) => {
    const known = out.get(item);
    if (!known || rank[rec.state] > rank[known.state]) out.set(item, rec);
  };
  for (const [id, entry] of Object.entries(lock.assets)) {
    const state = Object.hasOwn(manifest.assets, id) ? 'manifest' : entry.imported ? 'imported-orphan' : 'orphan';
    // An edit records its source's item: that item is the source's.
    if (entry.item_id && entry.type !== 'edit') put(entry.item_id, { id, state });
    for (const s of entry.superseded_items ?? []) put(s, { id, state: 'superseded' });
  }
  return out;
}

/** The newest completed job per item (for answers whose files name no job). */
function latestJobs(jobs: Array<{ id: string; itemId?: string; status: string; createdAt?: string }>): Map<string, string> {
  const out = new Map<string, { id: string; at: string }>();
  for (const j of jobs) {
    if (!j.itemId || j.status !== 'completed') continue;
    const at = j.createdAt ?? '';
    const known = out.get(j.itemId);
    if (!known || at >= known.at) out.set(j.itemId, { id: j.id, at });
  }
  return new Map([...out].map(([item, j]) => [item, j.id]));
}

function appended(d: ImportDraft): AppendedAsset {
  return { id: d.id, fields: d.fields, comment: d.comment };
}

function yamlOf(drafts: ImportDraft[]): string {
  return drafts.length === 0 ? '' : appendAssets('assets:\n  _: {}\n', drafts.map(appended)).replace(/^assets:\n {2}_: \{\}\n/, '');
}

/**
 * Appends the drafts and loads the result as the planner will: a draft the manifest cannot hold
 * (text that is not valid Unicode, an id clash with a reverse clip) is dropped with the reason.
 */
function appendChecked(text: string, drafts: ImportDraft[]): { kept: ImportDraft[]; manifest?: Manifest; failed: ImportSkip[] } {
  const failed: ImportSkip[] = [];
  let kept = drafts;
  for (;;) {
    if (kept.length === 0) return { kept, failed };
    const loaded = loadManifest(appendAssets(text, kept.map(appended)));
    if (loaded.manifest) return { kept, manifest: loaded.manifest, failed };
    // Find the drafts that break it, one by one, and leave them out.
    const bad = kept.filter((d) => !loadManifest(appendAssets(text, [appended(d)])).manifest);
    if (bad.length === 0) throw new OperationError(`masko.yaml could not take the imported entries (${loaded.diagnostics[0]?.message ?? 'unknown problem'}); nothing was written`, ExitCode.failure);
    for (const d of bad) failed.push({ item_id: d.item.id, ...(d.item.name !== undefined ? { name: d.item.name } : {}), reason: `its entry would not be a valid manifest entry (${loadManifest(appendAssets(text, [appended(d)])).diagnostics[0]?.message ?? 'invalid'})` });
    kept = kept.filter((d) => !bad.includes(d));
  }
}

/** The lock entry of a draft: the planner's inputs of the appended entry, and the files at the names it expects. */
function planEntry(draft: ImportDraft, manifest: Manifest, collection: string): { draft: ImportDraft; entry: LockEntry; summary: ImportedAsset } {
  const asset = manifest.assets[draft.id]!;
  const inputs = fingerprintInputs(asset, {
    collection,
    upstream: () => {
      throw new Error(`bug: imported asset ${draft.id} has an upstream`);
    },
  });
  const files: Record<string, LockedFile> = {};
  for (const f of draft.files) files[f.key] = { asset_id: f.assetId, url: f.url, path: expectedPath(asset, f.key, f.ext) };
  const entry: LockEntry = {
    type: asset.kind,
    name: asset.name,
    fingerprint: fingerprintOf(inputs),
    inputs,
    item_id: draft.item.id,
    ...(draft.jobId !== undefined ? { job_id: draft.jobId } : {}),
    status: 'completed',
    credits: 0,
    files,
    imported: true,
  };
  return { draft, entry, summary: { id: draft.id, item_id: draft.item.id, name: asset.name, kind: asset.kind, marked: draft.marker, files: Object.values(files).map((f) => f.path) } };
}

/** What the next plan says of the imported assets: one that would be paid for again is a bug worth saying (free steps, such as deriving `defaults.sizes`, are not). */
async function checkUnchanged(octx: OperationContext, options: ImportOptions, before: Project, ids: string[]): Promise<void> {
  const project = await loadProject(octx, options.file);
  const plan = buildPlan(project.manifest, buildGraph(project.manifest), project.lock, { files: await localFiles(project) });
  for (const step of plan.waves.flat()) {
    if (ids.includes(step.id) && (step.action === 'create' || step.action === 'regenerate')) {
      options.onEvent?.({ type: 'warning', message: `${step.id}: the next plan says ${step.action} (${step.reason}), not unchanged; please report this (${before.displayName})` });
    }
  }
}

function report(project: Project, collection: string, dryRun: boolean, imported: ImportedAsset[], skipped: ImportSkip[], yaml: string): ImportReport {
  return { displayName: project.displayName, collection, dryRun, imported, skipped, yaml, exitCode: ExitCode.ok };
}
