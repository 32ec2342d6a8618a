/**
 * Derived files on disk: made from a verified source file of the same asset, written beside it
 * through a temp file and a rename (never a half file, never through a symlink), recorded in the
 * derived cache, and made again only when missing, edited, or their source changed.
 */
import { lstat, open, rename, rm } from 'node:fs/promises';
import { TEMP_SUFFIX } from '../lockfile/atomic-write.js';
import { sha256File } from '../lockfile/local-state.js';
import { parseVariantKey } from '../manifest/variant-keys.js';
import type { LockedFile } from '../model/lock.js';
import { mimeOf } from './media-types.js';
import type { DerivedCache } from './derived-cache.js';
import { deriveImage, deriveVideo, imageWidth, recipeWord, type VariantRecipe } from './derive-media.js';
import type { MayReplace } from './ownership.js';
import { probeMedia } from './probe-media.js';
import { resolveInside } from './safe-path.js';

/** One derived file to have on disk. */
export interface DeriveRequest {
  /** Asset id and variant key, for messages. */
  id: string;
  key: string;
  /** The locked file it is made of. */
  source: Pick<LockedFile, 'path' | 'sha256'>;
  /** Project-relative path of the derived file. */
  target: string;
  /**
   * Whether masko.lock already records it there: then a file the derived cache does not know is taken
   * as current (a fresh clone); a new one is always made.
   */
  recorded: boolean;
}

/** What became of it. */
export type DeriveOutcome =
  | { kind: 'current'; sha256: string; bytes: number }
  | { kind: 'made'; sha256: string; bytes: number; why: 'missing' | 'stale' | 'modified' }
  | { kind: 'skipped'; reason: string };

/** What deriving needs from the project. */
export interface DeriveContext {
  projectDir: string;
  cache: DerivedCache;
  /** Which existing files may be replaced (ownership.ts); others are refused. */
  mayReplace?: MayReplace;
}

/** Makes sure the derived file of `req` is on disk and current; makes it when it is not. */
export async function ensureDerived(ctx: DeriveContext, req: DeriveRequest): Promise<DeriveOutcome> {
  const variant = parseVariantKey(req.key);
  const what = `asset "${req.id}" (${req.key}, from masko.yaml's sizes/formats)`;
  if (!variant) throw new Error(`bug: ${req.key} is not a variant key`);
  if (req.source.sha256 === undefined) return { kind: 'skipped', reason: `its ${variant.base} is not downloaded yet` };
  const media = mimeOf(req.source.path).startsWith('video/') ? 'video' : 'image';
  if (media === 'video' && variant.format !== undefined) return { kind: 'skipped', reason: `${variant.format} is a format of images, not of videos` };
  const recipe: VariantRecipe = { ...(variant.size !== undefined ? { size: variant.size } : {}), ...(variant.format ? { format: variant.format } : {}) };
  const word = recipeWord(recipe, media);
  const target = await resolveInside(ctx.projectDir, req.target, { create: true });
  const state = await ctx.cache.check(req.target, target, req.source.sha256, word, req.recorded);
  if (state.current) return { kind: 'current', sha256: state.sha256, bytes: state.bytes };

  const source = await resolveInside(ctx.projectDir, req.source.path, { create: false });
  if ((await sha256File(source).catch(() => undefined)) !== req.source.sha256) {
    return { kind: 'skipped', reason: `${req.source.path} is missing or altered (\`masko-sync pull\` restores it)` };
  }
  if (variant.size !== undefined) {
    const width = media === 'image' ? await imageWidth(source, what) : (await probeMedia(source, mimeOf(req.source.path))).width;
    if (width !== undefined && variant.size > width) {
      return { kind: 'skipped', reason: `${variant.size} px is wider than its ${variant.base} (${width} px); remove ${variant.size} from its sizes` };
    }
  }
  await refuseForeign(ctx, req.target, target);
  const tmp = target + TEMP_SUFFIX;
  await rm(tmp, { force: true });
  try {
    if (media === 'video') await deriveVideo(source, tmp, variant.size!, what);
    else {
      const bytes = await deriveImage(source, recipe, what);
      // 'wx' after the rm: never through a symlink planted at the temp name.
      const handle = await open(tmp, 'wx', 0o666);
      try {
        await handle.writeFile(bytes);
      } finally {
        await handle.close();
      }
    }
    await rename(tmp, target);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  const made = await ctx.cache.made(req.target, target, req.source.sha256, word);
  return { kind: 'made', ...made, why: state.why };
}

/** Removes a derived (or variant) file the lock records, without following a symlink out. */
export async function removeDerived(ctx: DeriveContext, rel: string): Promise<void> {
  await rm(await resolveInside(ctx.projectDir, rel, { create: false }), { force: true });
  ctx.cache.forget(rel);
}

/** A file at the target that masko-sync does not own is never replaced (the plan refuses it first). */
async function refuseForeign(ctx: DeriveContext, rel: string, abs: string): Promise<void> {
  if (!ctx.mayReplace || ctx.mayReplace(rel)) return;
  const st = await lstat(abs).catch(() => undefined);
  if (!st) return;
  throw new Error(`refusing to replace ${rel}: a ${st.isSymbolicLink() ? 'symlink' : 'file'} masko-sync did not make is there (it is not in masko.lock). Move it away, or adopt it with --overwrite ${rel}`);
}
