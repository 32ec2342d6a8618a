/**
 * Free size variants (`sizes` on a generate request): for each width no wider than a file, an extra
 * asset of that file resized, on the CDN from the start (a placeholder until the job completes, as
 * every file). A variant is the same work rendered at that width: resvg draws the SVG at any size,
 * ffmpeg encodes the frames at it; the fallback clip (no ffmpeg) stays its own size, marked with the
 * width. Each dialect names and shows them its own way; `minimal` makes none.
 */
import type { Core } from './core.js';
import { sha256Hex, slugify } from './ids.js';
import type { MediaRenderer } from './media/index.js';
import { stampIsoBmff, stampPng, stampWebm } from './media/stamp.js';
import type { AccountRec, AssetRec, CollectionRec, ItemRec, JobRec, RenderWork } from './state.js';

/** The width of each file the emulator renders that has size variants [choice: logos' icon and favicon have none]. */
const NATIVE_WIDTH: Record<string, number> = {
  image: 512,
  transparent_image: 512,
  logo: 512,
  logo_transparent: 512,
  video: 256,
  webm: 256,
  hevc: 256,
};

const VIDEO_KEYS = new Set(['video', 'webm', 'hevc']);
/** The embedded fallback clips are 64 px (media/build-embedded.ts): no size above that is made of them. */
const FALLBACK_CLIP_WIDTH = 64;

/** The variant key of a file at a width. */
export function variantKeyOf(key: string, size: number): string {
  return `${key}@${size}`;
}

/** Adds the size variant assets of a new job (after its own assets), as the dialect makes them. Caller saves. */
export function addSizeVariants(core: Core, acct: AccountRec, coll: CollectionRec, item: ItemRec, job: JobRec, sizes: readonly number[]): void {
  const style = core.dialect.sizeVariants;
  if (style === 'none' || sizes.length === 0) return;
  const ids: Record<string, string> = {};
  for (const [key, baseId] of Object.entries(job.asset_ids)) {
    const base = core.store.data.assets[baseId];
    const native = VIDEO_KEYS.has(key) && core.render.media.videoMode === 'fallback' ? FALLBACK_CLIP_WIDTH : NATIVE_WIDTH[key];
    if (!base || native === undefined) continue;
    for (const size of sizes) {
      if (size > native) continue;
      const id = core.store.newId();
      const stem = base.path.slice(0, base.path.length - base.format.length - 1);
      // Older pages: the variant is the file's own name plus `-<width>`; newer ones give it its own hash too.
      const path =
        style === 'same-hash'
          ? `${stem}-${size}.${base.format}`
          : `${acct.prefix}/${coll.slug}/${slugify(item.name, 'item')}-${sha256Hex('asset', id).slice(0, 12)}-${size}.${base.format}`;
      const rec: AssetRec = { ...base, id, key: variantKeyOf(key, size), path, status: 'pending', variant: { of: key, size } };
      delete rec.bytes;
      delete rec.sha256;
      core.store.addAsset(rec);
      ids[rec.key] = id;
    }
  }
  if (Object.keys(ids).length > 0) job.variant_ids = ids;
}

/** `{width: {key: url}}` of a job's size variants (empty when it has none). */
export function sizeUrlsOf(job: JobRec, core: { store: Core['store'] }, baseUrl: string): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const id of Object.values(job.variant_ids ?? {})) {
    const a = core.store.data.assets[id];
    if (!a?.variant) continue;
    (out[String(a.variant.size)] ??= {})[a.variant.of] = `${baseUrl}/cdn/${a.path}`;
  }
  return out;
}

/** The CDN URLs of a job's size variants, in the job's order. */
export function variantUrlList(job: JobRec, core: { store: Core['store'] }, baseUrl: string): string[] {
  return Object.values(job.variant_ids ?? {}).flatMap((id) => {
    const a = core.store.data.assets[id];
    return a ? [`${baseUrl}/cdn/${a.path}`] : [];
  });
}

/** Renders one size variant of a job's file (`of` at `size` px), marked with what it is. */
export async function renderVariant(media: MediaRenderer, work: RenderWork, of: string, size: number): Promise<Buffer | undefined> {
  const input = { description: work.description, prompt: work.prompt, seed: work.seed };
  const mark = `${work.seed} ${of}@${size}`;
  switch (work.kind) {
    case 'image':
      if (of !== 'image' && of !== 'transparent_image') return undefined;
      return stampPng(await media.image(input, { transparent: of === 'transparent_image', width: size }), mark);
    case 'animation': {
      if (of === 'image') {
        if (work.stillPrompt === undefined) return undefined;
        return stampPng(await media.image({ ...input, prompt: work.stillPrompt }, { transparent: false, width: size }), mark);
      }
      const anim: Parameters<MediaRenderer['animation']>[0] = { ...input, duration: work.duration, loop: work.loop };
      if (work.endPrompt !== undefined) anim.endPrompt = work.endPrompt;
      const clips = await media.animation(anim, { size });
      if (of === 'video') return stampIsoBmff(clips.video, mark);
      if (of === 'hevc') return stampIsoBmff(clips.hevc, mark);
      if (of === 'webm') return stampWebm(clips.webm, mark);
      return undefined;
    }
    case 'logo': {
      if (of !== 'logo' && of !== 'logo_transparent') return undefined;
      const pack = await media.logoPack({ ...input, styleName: work.styleName }, { size });
      return stampPng(pack[of], mark);
    }
    default: {
      const never: never = work;
      throw new Error(`unhandled work ${JSON.stringify(never)}`);
    }
  }
}
