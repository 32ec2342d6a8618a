/**
 * What `masko-sync import` makes of a collection's items (pure): an asset id from each name, the
 * manifest fields (the prompts where the API gives them, else `imported: true`), the files of the
 * item's latest generation, and the items it leaves alone, each with the reason.
 *
 * The rule that keeps an imported asset unchanged: its manifest entry holds exactly the generation
 * fields the API told (image_prompt; for an animation image_prompt, animation_prompt, duration and
 * loop, written out so `defaults:` cannot change them), and the lock records the inputs the planner
 * computes from that entry. When any of them is unknown the entry says `imported: true` instead,
 * whose fingerprint is {collection, kind, imported} (docs/fingerprint.md).
 */
import type { AssetView, ItemView } from '../api/views.js';
import { nameFromId } from '../manifest/normalise.js';
import { extensionFor } from '../apply/follow-job.js';

const ID_MAX = 64;
const NAME_MAX = 200;
const READY = new Set(['ready', 'completed']);
const VIDEO_KEYS = new Set(['video', 'webm', 'hevc']);

/** One item to adopt. */
export interface ImportDraft {
  id: string;
  item: ItemView;
  /** The manifest entry, in the order it is written. */
  fields: Record<string, unknown>;
  /** Written with `imported: true` (its prompts are not known). */
  marker: boolean;
  files: Array<{ key: string; url: string; assetId: string; ext: string }>;
  jobId?: string;
  comment: string;
}

/** An item left alone. */
export interface ImportSkip {
  item_id: string;
  name?: string;
  reason: string;
}

/** The lock entry that records an item, and how it stands. */
export interface LockedItem {
  id: string;
  /** manifest: an asset of masko.yaml; orphan: not in it; imported-orphan: an entry import wrote whose manifest entry is gone; superseded: an old item of it. */
  state: 'manifest' | 'orphan' | 'imported-orphan' | 'superseded';
}

/** What is already taken: manifest ids (and reverse and moved ids), and which lock entry names which item. */
export interface ImportTaken {
  ids: ReadonlySet<string>;
  lockItems: ReadonlyMap<string, LockedItem>;
}

/** Drafts for every item that can be adopted, and a reason for every other one. */
export function draftImports(items: ItemView[], taken: ImportTaken, jobOfItem: ReadonlyMap<string, string>): { drafts: ImportDraft[]; skipped: ImportSkip[] } {
  const drafts: ImportDraft[] = [];
  const skipped: ImportSkip[] = [];
  const used = new Set(taken.ids);
  for (const item of items) {
    const skip = (reason: string) => skipped.push({ item_id: item.id, ...(item.name !== undefined ? { name: item.name } : {}), reason });
    if (item.archived) {
      skip('archived in Masko');
      continue;
    }
    const found = taken.lockItems.get(item.id);
    if (found?.state === 'superseded') {
      skip(`an old item of "${found.id}" that masko.lock keeps to archive (\`prune --remote\`)`);
      continue;
    }
    if (found?.state === 'manifest') {
      skip(`already in masko.yaml as "${found.id}"`);
      continue;
    }
    if (found?.state === 'orphan') {
      skip(`masko.lock records it for "${found.id}", which is no longer in masko.yaml: add "${found.id}" back, or run \`masko-sync prune\``);
      continue;
    }
    // An entry an import cut short left in the lock (its manifest entry never written) is taken up again under its id.
    const locked = found?.state === 'imported-orphan' ? found : undefined;
    const files = latestFiles(item.assets);
    if (files.length === 0) {
      skip('it has no finished files to download');
      continue;
    }
    const base = locked?.id ?? idFromName(item.name, item.id);
    if (!locked && taken.ids.has(base)) {
      skip(`the asset id "${base}" is already in masko.yaml (import never replaces an entry); rename yours, or this item in Masko, and run import again`);
      continue;
    }
    // Two items of the same name in this import: the second gets "-2".
    const id = locked ? base : unique(base, used);
    used.add(id);
    const name = (item.name ?? nameFromId(id)).slice(0, NAME_MAX);
    const { fields, marker } = fieldsOf(item, files, name === nameFromId(id) ? undefined : name);
    const jobId = files.find((f) => f.jobId !== undefined)?.jobId ?? jobOfItem.get(item.id);
    const comment = [
      `imported from Masko item ${item.id}${item.name !== undefined ? ` (${JSON.stringify(item.name)})` : ''}`,
      ...(marker ? ['its prompts are unknown: to make it again, write them and remove `imported: true`'] : []),
    ].join('\n');
    drafts.push({ id, item, fields, marker, files: files.map(({ jobId: _job, ...f }) => f), ...(jobId !== undefined ? { jobId } : {}), comment });
  }
  return { drafts, skipped };
}

/** An asset id from an item name: lowercase letters, digits and "-" ("Waving Hello!" → "waving-hello"). */
export function idFromName(name: string | undefined, itemId: string): string {
  const slug = (name ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, ID_MAX)
    .replace(/-+$/, '');
  return slug || `item-${itemId.toLowerCase().replace(/[^a-z0-9]+/g, '').slice(0, 8) || 'x'}`;
}

function unique(base: string, used: ReadonlySet<string>): string {
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const id = base.slice(0, ID_MAX - suffix.length).replace(/-+$/, '') + suffix;
    if (!used.has(id)) return id;
  }
}

type DraftFile = ImportDraft['files'][number] & { jobId?: string };

/**
 * The files of the item's latest generation: the assets of the job that made its last asset (an
 * item keeps every earlier generation), or, when the answer names no jobs, the last file per key.
 */
function latestFiles(assets: AssetView[]): DraftFile[] {
  const ready = assets.filter((a) => a.url !== undefined && a.key !== undefined && (a.status === undefined || READY.has(a.status)));
  const lastJob = [...ready].reverse().find((a) => a.jobId !== undefined)?.jobId;
  const chosen = lastJob !== undefined ? ready.filter((a) => a.jobId === lastJob) : ready;
  const byKey = new Map<string, DraftFile>();
  for (const a of chosen) {
    const key = a.key!.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64) || 'file';
    byKey.set(key, { key, url: a.url!, assetId: a.id, ext: extensionFor(key, a.url!), ...(a.jobId !== undefined ? { jobId: a.jobId } : {}) });
  }
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The manifest fields: the known prompts, or `imported: true`. */
function fieldsOf(item: ItemView, files: DraftFile[], name: string | undefined): { fields: Record<string, unknown>; marker: boolean } {
  const type = item.type === 'image' || item.type === 'animation' || item.type === 'logo' ? item.type : files.some((f) => VIDEO_KEYS.has(f.key)) ? 'animation' : 'image';
  const head = { type, ...(name !== undefined ? { name } : {}) };
  const known = (s: string | undefined): s is string => s !== undefined && s.trim() !== '';
  if (type === 'image' && known(item.imagePrompt)) return { fields: { ...head, image_prompt: item.imagePrompt }, marker: false };
  const d = item.duration;
  const fromPrompt = files.some((f) => f.key === 'image');
  if (type === 'animation' && fromPrompt && known(item.imagePrompt) && known(item.animationPrompt) && d !== undefined && Number.isInteger(d) && d >= 1 && d <= 15 && item.loop !== undefined) {
    return { fields: { ...head, image_prompt: item.imagePrompt, animation_prompt: item.animationPrompt, duration: d, loop: item.loop }, marker: false };
  }
  return { fields: { ...head, imported: true }, marker: true };
}
