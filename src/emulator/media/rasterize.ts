/**
 * SVG → pixels with resvg. @resvg/resvg-js is an optional dependency (its binary ships per platform),
 * so it is loaded on first use with require inside a try: a missing binary is a fallback, never a crash.
 */
import { createRequire } from 'node:module';
import type * as ResvgModule from '@resvg/resvg-js';

type Resvg = typeof ResvgModule;

/** resvg, or why it cannot be used here. */
export type ResvgLoad = { resvg: Resvg; reason?: undefined } | { resvg: null; reason: string };

let loaded: ResvgLoad | undefined;

/** Loads resvg once; `false` disables it (as when it is not installed). */
export function loadResvg(enabled = true): ResvgLoad {
  if (!enabled) return { resvg: null, reason: 'resvg disabled by configuration' };
  if (!loaded) {
    try {
      loaded = { resvg: createRequire(import.meta.url)('@resvg/resvg-js') as Resvg };
    } catch (err) {
      const why = err instanceof Error ? err.message.split('\n')[0]! : String(err);
      loaded = { resvg: null, reason: `@resvg/resvg-js is not installed or has no binary for ${process.platform}-${process.arch} (${why})` };
    }
  }
  return loaded;
}

function resvg(): Resvg {
  const found = loadResvg();
  if (found.resvg === null) throw new Error(found.reason);
  return found.resvg;
}

const fit = (width: number): ResvgModule.ResvgRenderOptions => ({ fitTo: { mode: 'width', value: width } });

/** Renders an SVG document to a PNG of the given width, synchronously (tiny files at build time). */
export function svgToPng(svg: string, width: number): Buffer {
  return new (resvg().Resvg)(svg, fit(width)).render().asPng();
}

/** Renders an SVG document to a PNG of the given width off the main thread. */
export async function svgToPngAsync(svg: string, width: number): Promise<Buffer> {
  return (await resvg().renderAsync(svg, fit(width))).asPng();
}

/** Renders an SVG document to straight (not premultiplied) RGBA bytes, as ffmpeg's `rgba` expects. */
export async function svgToRgba(svg: string, width: number): Promise<Buffer> {
  const px = Buffer.from((await resvg().renderAsync(svg, fit(width))).pixels);
  // resvg hands out premultiplied colour; undo it on partly transparent pixels only
  for (let i = 0; i < px.length; i += 4) {
    const a = px[i + 3]!;
    if (a === 255 || a === 0) continue;
    px[i] = Math.min(255, Math.round((px[i]! * 255) / a));
    px[i + 1] = Math.min(255, Math.round((px[i + 1]! * 255) / a));
    px[i + 2] = Math.min(255, Math.round((px[i + 2]! * 255) / a));
  }
  return px;
}
