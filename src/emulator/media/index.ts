/**
 * The emulator's deterministic media renderer: PNG mascots (resvg), clips (ffmpeg), logo packs.
 * Both renderers are optional dependencies: without resvg, images are flat PNGs and clips the
 * embedded fallbacks; without ffmpeg, clips are the embedded fallbacks.
 */
import pLimit from 'p-limit';
import { fallbackClips, placeholderBytes } from './embedded.js';
import { stampClips, stampPng } from './stamp.js';
import { encodeClip } from './encode-video.js';
import { flatImage, flatLogoPack } from './flat-png.js';
import { locateFfmpeg } from './locate-ffmpeg.js';
import { loadResvg } from './rasterize.js';
import { renderLogoPack } from './render-logo.js';
import { renderFrames } from './render-frames.js';
import { renderImage } from './render-image.js';
import type { MediaRenderer, MediaRendererOptions } from './types.js';

export type {
  AnimationFiles,
  AnimationInput,
  LogoInput,
  LogoVariant,
  MediaInput,
  MediaRenderer,
  MediaRendererOptions,
  PlaceholderFormat,
} from './types.js';

/**
 * Creates a renderer; without a usable ffmpeg (or with mode 'fallback') animations are the embedded
 * fallback clips; without resvg, images and logos are flat PNGs too. Each fallback is logged once, here.
 */
export function createMediaRenderer(opts: MediaRendererOptions = {}): MediaRenderer {
  const log = opts.log ?? (() => undefined);
  const rasterizer = loadResvg(opts.resvg !== false);
  const hasResvg = rasterizer.resvg !== null;
  if (!hasResvg) log(`media: ${rasterizer.reason}; serving flat placeholder PNGs and the embedded fallback clips (npm install @resvg/resvg-js for real images)`);
  const found =
    opts.mode === 'fallback'
      ? { path: null, reason: 'fallback video mode requested' }
      : !hasResvg
        ? { path: null, reason: 'video frames need resvg' }
        : locateFfmpeg(opts.ffmpegPath);
  const ffmpeg = found.path;
  if (ffmpeg === null && hasResvg) log(`media: ${found.reason}; serving small fallback clips for mp4/webm/mov`);
  // encoders are single-threaded for reproducibility; two at a time keeps a small machine busy but not swamped
  const limit = pLimit(2);

  return {
    videoMode: ffmpeg === null ? 'fallback' : 'ffmpeg',
    // Rendered stills are marked too: two prompts can draw the same pose in the same colours.
    image: async (input, { transparent, width }) =>
      hasResvg
        ? stampPng(await renderImage(input, transparent, width), `${input.seed} ${transparent ? 'transparent' : 'image'}${width === undefined ? '' : ` @${width}`}`)
        : flatImage(input, transparent, width),
    animation: async (input, opts = {}) => {
      // A size variant of a fallback clip is the same clip, marked with its size (so no two files share bytes).
      const mark = generationMark(input) + (opts.size === undefined ? '' : ` @${opts.size}`);
      if (ffmpeg === null) return stampClips(fallbackClips(), mark);
      return limit(async () => {
        try {
          // marked like the fallbacks: the frames vary with the seed, the mark guarantees distinct bytes
          return stampClips(await encodeClip(ffmpeg, await renderFrames(input, opts.size === undefined ? undefined : evenSize(opts.size))), mark);
        } catch (err) {
          log(`media: ffmpeg failed (${(err as Error).message.split('\n')[0]}); serving the fallback clip for this animation`);
          return stampClips(fallbackClips(), mark);
        }
      });
    },
    logoPack: async (input, opts = {}) => (hasResvg ? renderLogoPack(input, opts.size) : flatLogoPack(input, opts.size)),
    placeholder: (format) => placeholderBytes(format),
  };
}

/** H.264 and HEVC in 4:2:0 need even dimensions: an odd width is made one pixel narrower. */
export function evenSize(size: number): number {
  return Math.max(2, size - (size % 2));
}

/** What names one generation: its seed (item and generation number) and prompt. */
function generationMark(input: { seed: string; prompt: string }): string {
  return `${input.seed} ${input.prompt}`.slice(0, 100);
}
