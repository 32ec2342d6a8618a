/**
 * Makes a variant of a local file: an image resized and/or re-encoded as WebP or AVIF with sharp, a
 * video resized with ffmpeg. Both are optional dependencies, loaded only when a variant is made: a
 * project without `formats` (and whose API makes its size variants) never needs either.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type SharpModule from 'sharp';
import type { ImageFormat } from '../model/manifest.js';

/** How a variant is made, as a word in the derived cache: a new recipe makes every derived file again. */
export const RECIPE_VERSION = 'v1';

/** Encoder settings [choice]: visually near the PNG at a fraction of its size; AVIF at effort 2 (5× faster than 4 here, the same size within 5%). */
const WEBP = { quality: 82, alphaQuality: 100, effort: 4 } as const;
const AVIF = { quality: 55, effort: 2 } as const;

/** A dependency a variant needs is not installed: the message names what, for which asset, and the fix. */
export class MissingToolError extends Error {
  override readonly name = 'MissingToolError';
}

/** What to make of a source file. */
export interface VariantRecipe {
  /** Width in pixels (the height follows the aspect ratio); absent: the source's own. */
  size?: number;
  /** Web format; absent: the source's own format. */
  format?: ImageFormat;
}

/** The recipe as a cache word: changing any setting here changes it. */
export function recipeWord(recipe: VariantRecipe, media: 'image' | 'video'): string {
  return `${RECIPE_VERSION}:${media}:${recipe.size ?? 'own'}:${recipe.format ?? 'own'}`;
}

type Sharp = typeof SharpModule;
let sharpLoad: Promise<Sharp | Error> | undefined;

/** sharp, loaded once; an Error when it is not installed (or has no binary for this platform). */
function loadSharp(): Promise<Sharp | Error> {
  sharpLoad ??= import('sharp').then(
    (m) => {
      const sharp = (m as unknown as { default?: Sharp }).default ?? (m as unknown as Sharp);
      // One thread per image: the same bytes on every machine and every run, and room for the other work.
      sharp.concurrency(1);
      sharp.cache(false);
      return sharp;
    },
    (err: unknown) => (err instanceof Error ? err : new Error(String(err))),
  );
  return sharpLoad;
}

/** The pixel width of an image file, read by sharp (undefined when it cannot be read). */
export async function imageWidth(absPath: string, what: string): Promise<number | undefined> {
  const sharp = await requireSharp(what);
  const meta = await sharp(absPath).metadata().catch(() => undefined);
  return meta?.width;
}

async function requireSharp(what: string): Promise<Sharp> {
  const sharp = await loadSharp();
  if (sharp instanceof Error) {
    throw new MissingToolError(
      `${what} needs sharp, an optional dependency of masko-sync, which is not installed here (${sharp.message.split('\n')[0]}). ` +
        'Install it with `npm install --save-dev sharp@^0.34`, or remove `formats` (and sizes the API does not make) from masko.yaml.',
    );
  }
  return sharp;
}

/** An image variant's bytes. `what` names the asset and key for messages. */
export async function deriveImage(sourceAbs: string, recipe: VariantRecipe, what: string): Promise<Buffer> {
  const sharp = await requireSharp(what);
  let img = sharp(sourceAbs, { failOn: 'error' });
  if (recipe.size !== undefined) img = img.resize({ width: recipe.size, withoutEnlargement: true, kernel: 'lanczos3' });
  switch (recipe.format) {
    case 'webp':
      return img.webp(WEBP).toBuffer();
    case 'avif':
      return img.avif(AVIF).toBuffer();
    case undefined:
      return img.png({ compressionLevel: 9 }).toBuffer();
    default: {
      const never: never = recipe.format;
      throw new Error(`unknown format ${String(never)}`);
    }
  }
}

/** ffmpeg arguments per container (bit-exact, one thread, no metadata, as the files the API makes). */
const REPRODUCIBLE = ['-fflags', '+bitexact', '-flags:v', '+bitexact', '-map_metadata', '-1', '-threads', '1', '-an'];
const CODECS: Record<string, { decode?: string[]; encode: string[] }> = {
  mp4: { encode: ['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-preset', 'veryfast', '-crf', '23', '-movflags', '+faststart', '-f', 'mp4'] },
  mov: {
    encode: ['-c:v', 'libx265', '-pix_fmt', 'yuv420p', '-preset', 'fast', '-crf', '28', '-tag:v', 'hvc1', '-x265-params', 'log-level=error:info=0:pools=1:frame-threads=1', '-movflags', '+faststart', '-f', 'mov'],
  },
  // libvpx's own decoder keeps the alpha channel of a VP9 WebM (ffmpeg's native one drops it).
  webm: { decode: ['-c:v', 'libvpx-vp9'], encode: ['-c:v', 'libvpx-vp9', '-pix_fmt', 'yuva420p', '-b:v', '0', '-crf', '33', '-deadline', 'good', '-cpu-used', '4', '-f', 'webm'] },
};

/**
 * Writes a video variant of `sourceAbs` (`size` px wide, made even: H.264, HEVC and VP9 in 4:2:0
 * need even dimensions) to `outAbs`, in the source's container.
 */
export async function deriveVideo(sourceAbs: string, outAbs: string, size: number, what: string): Promise<void> {
  const ffmpeg = locateFfmpeg(what);
  const ext = path.extname(sourceAbs).slice(1).toLowerCase();
  const codec = CODECS[ext];
  if (!codec) throw new Error(`${what}: cannot resize a .${ext} video (mp4, mov and webm can be)`);
  const width = Math.max(2, size - (size % 2));
  const scale = ['-vf', `scale=${width}:-2:flags=lanczos`];
  const args = (decode: string[]) => ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', ...decode, '-i', sourceAbs, ...scale, ...codec.encode, ...REPRODUCIBLE, outAbs];
  try {
    await run(ffmpeg, args(codec.decode ?? []));
  } catch (err) {
    // A WebM that is not VP9 (VP8, say): let ffmpeg pick its decoder.
    if (!codec.decode) throw err;
    await run(ffmpeg, args([]));
  }
}

let ffmpegPath: string | null | undefined;

/** The ffmpeg of the optional dependency @ffmpeg-installer/ffmpeg, or one on PATH. */
function locateFfmpeg(what: string): string {
  if (ffmpegPath === undefined) {
    ffmpegPath = null;
    const candidates: string[] = [];
    try {
      candidates.push((createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string }).path);
    } catch {
      // not installed, or no binary for this platform (the package throws a string)
    }
    const bin = process.platform === 'win32' ? 'ffmpeg.exe' : 'ffmpeg';
    for (const dir of (process.env['PATH'] ?? '').split(path.delimiter)) if (dir) candidates.push(path.join(dir, bin));
    ffmpegPath = candidates.find(executable) ?? null;
  }
  if (ffmpegPath === null) {
    throw new MissingToolError(
      `${what} needs ffmpeg to resize a video (the API did not make this size), and none is installed: ` +
        'install the optional dependency with `npm install --save-dev @ffmpeg-installer/ffmpeg@1.1.0` (or put ffmpeg on PATH), or remove the size from masko.yaml.',
    );
  }
  return ffmpegPath;
}

function executable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function run(bin: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-2000)));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited with ${code}: ${stderr.trim()}`))));
  });
}
