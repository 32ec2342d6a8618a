/** The gallery's model: one card per manifest asset, built from the manifest and the lock (pure). */
import type { Lockfile, LockEntry } from '../model/lock.js';
import type { Asset, AssetKind, AssetRef, Manifest } from '../model/manifest.js';

export type CardState = 'pending' | 'ready' | 'failed' | 'preview';

/** Something to show: an image, or one video with its sources (best first). */
export type CardMedia =
  | { type: 'image'; key: string; path: string; version: string }
  | { type: 'video'; key: string; sources: Array<{ path: string; mime: string }>; version: string };

export interface Card {
  id: string;
  name: string;
  kind: AssetKind;
  state: CardState;
  /** Credits this asset cost (from the lock; 0 for previews and free clips). */
  credits: number;
  /** Labelled prompts, in a fixed order. */
  prompts: Array<[label: string, text: string]>;
  media: CardMedia[];
  /** A short line under the state: why it is pending, the failure, the preview's status. */
  note?: string;
  /** Job progress 0–1 while pending. */
  progress?: number;
}

const IMAGE_EXT = new Set(['png', 'jpg', 'jpeg', 'webp', 'gif', 'svg']);
/** Video keys in the order a browser should try them: WebM keeps alpha, MP4 plays everywhere. */
const VIDEO_MIME: Record<string, string> = { webm: 'video/webm', mp4: 'video/mp4', mov: 'video/quicktime', m4v: 'video/mp4' };

/** Cards for every asset of the manifest, in manifest order, with state from the lock. */
export function cardsFrom(manifest: Manifest, lock: Lockfile | undefined): Card[] {
  return Object.values(manifest.assets).map((asset) => cardFor(asset, lock?.assets[asset.id]));
}

/** One asset's card: ready (completed), failed, or pending (not generated yet, or a job still running). */
export function cardFor(asset: Asset, entry: LockEntry | undefined): Card {
  const base: Card = { id: asset.id, name: asset.name, kind: asset.kind, state: 'pending', credits: entry?.credits ?? 0, prompts: promptsOf(asset), media: [] };
  if (!entry) return { ...base, credits: 0, note: 'not generated yet' };
  if (entry.status === 'failed') return { ...base, state: 'failed', note: entry.error ? `${entry.error.message} [${entry.error.code}]` : 'the job failed' };
  if (entry.status === 'pending') return { ...base, note: `job ${entry.job_id} running` };
  return { ...base, state: 'ready', media: mediaOf(entry) };
}

/** The media of a completed lock entry: images one by one, the video keys grouped into one player. */
export function mediaOf(entry: LockEntry): CardMedia[] {
  const images: CardMedia[] = [];
  const videos: Array<{ key: string; path: string; mime: string; sha: string }> = [];
  for (const key of Object.keys(entry.files).sort(imageKeysFirst)) {
    const f = entry.files[key]!;
    const ext = f.path.slice(f.path.lastIndexOf('.') + 1).toLowerCase();
    if (IMAGE_EXT.has(ext)) images.push({ type: 'image', key, path: f.path, version: short(f.sha256) });
    else if (VIDEO_MIME[ext]) videos.push({ key, path: f.path, mime: VIDEO_MIME[ext], sha: short(f.sha256) });
  }
  videos.sort((a, b) => videoRank(a.mime) - videoRank(b.mime));
  const media = [...images];
  if (videos.length > 0) {
    media.push({ type: 'video', key: videos.map((v) => v.key).join('+'), sources: videos.map((v) => ({ path: v.path, mime: v.mime })), version: videos.map((v) => v.sha).join('') });
  }
  return media;
}

/** Every project-relative file a set of cards shows (what the gallery server may serve). */
export function mediaPaths(cards: Iterable<Card>): Set<string> {
  const out = new Set<string>();
  for (const c of cards) {
    for (const m of c.media) {
      if (m.type === 'image') out.add(m.path);
      else for (const s of m.sources) out.add(s.path);
    }
  }
  return out;
}

function promptsOf(asset: Asset): Array<[string, string]> {
  switch (asset.kind) {
    case 'image':
      return [['image', asset.image_prompt]];
    case 'animation':
      return [['image', asset.image_prompt], ['animation', asset.animation_prompt]];
    case 'animate':
      return [['from', ref(asset.source)], ['animation', asset.animation_prompt]];
    case 'transition':
      return [['from', `${ref(asset.source)} → ${ref(asset.end)}`], ['animation', asset.animation_prompt]];
    case 'edit':
      return [['from', ref(asset.source)], ['edit', asset.edit_instructions]];
    case 'logo':
      return [['logo', asset.logo_description], ['style', `${asset.logo_style_name}: ${asset.logo_style_instruction}`]];
    case 'reverse':
      return [['reverse of', asset.parent]];
  }
}

function ref(r: AssetRef): string {
  return r.kind === 'local' ? r.id : r.kind === 'external' ? `asset ${r.assetId}` : r.kind === 'file' ? `file ${r.path}` : r.url;
}

function imageKeysFirst(a: string, b: string): number {
  const rank = (k: string) => (k === 'image' ? 0 : k === 'transparent_image' ? 1 : 2);
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

function videoRank(mime: string): number {
  return mime === 'video/webm' ? 0 : mime === 'video/mp4' ? 1 : 2;
}

function short(sha: string | undefined): string {
  return (sha ?? '').slice(0, 12);
}
