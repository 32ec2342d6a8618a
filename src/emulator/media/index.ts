/** The emulator's deterministic media renderer: PNG mascots (resvg), clips (ffmpeg or embedded fallbacks), logo packs. */
import pLimit from 'p-limit';
import { fallbackClips, placeholderBytes } from './embedded.js';
import { encodeClip } from './encode-video.js';
import { locateFfmpeg } from './locate-ffmpeg.js';
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

/** Creates a renderer; without a usable ffmpeg (or with mode 'fallback') animations are the embedded fallback clips. */
export function createMediaRenderer(opts: MediaRendererOptions = {}): MediaRenderer {
  const log = opts.log ?? (() => undefined);
  const found = opts.mode === 'fallback' ? { path: null, reason: 'fallback video mode requested' } : locateFfmpeg(opts.ffmpegPath);
  const ffmpeg = found.path;
  if (ffmpeg === null) log(`media: ${found.reason}; serving small fallback clips for mp4/webm/mov`);
  // encoders are single-threaded for reproducibility; two at a time keeps a small machine busy but not swamped
  const limit = pLimit(2);

  return {
    videoMode: ffmpeg === null ? 'fallback' : 'ffmpeg',
    image: async (input, { transparent }) => renderImage(input, transparent),
    animation: async (input) => {
      if (ffmpeg === null) return fallbackClips();
      return limit(async () => {
        try {
          return await encodeClip(ffmpeg, await renderFrames(input));
        } catch (err) {
          log(`media: ffmpeg failed (${(err as Error).message.split('\n')[0]}); serving the fallback clip for this animation`);
          return fallbackClips();
        }
      });
    },
    logoPack: async (input) => renderLogoPack(input),
    placeholder: (format) => placeholderBytes(format),
  };
}
