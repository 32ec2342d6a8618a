/** Decoded fallback clips and placeholders (fresh copies each call, so callers may keep or mutate them). */
import * as E from './embedded-media.js';
import type { AnimationFiles, PlaceholderFormat } from './types.js';

const b64 = (s: string): Buffer => Buffer.from(s, 'base64');

/** The small looping clip served for every animation when ffmpeg is unavailable. */
export function fallbackClips(): AnimationFiles {
  return { video: b64(E.FALLBACK_MP4), webm: b64(E.FALLBACK_WEBM), hevc: b64(E.FALLBACK_MOV) };
}

/** A tiny grey file of the format, served until the real asset is ready. */
export function placeholderBytes(format: PlaceholderFormat): Buffer {
  switch (format) {
    case 'png':
      return b64(E.PLACEHOLDER_PNG);
    case 'mp4':
      return b64(E.PLACEHOLDER_MP4);
    case 'webm':
      return b64(E.PLACEHOLDER_WEBM);
    case 'mov':
      return b64(E.PLACEHOLDER_MOV);
    default: {
      const never: never = format;
      throw new Error(`unknown placeholder format ${String(never)}`);
    }
  }
}
