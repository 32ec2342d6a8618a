/** SVG → pixels with resvg (the binary ships inside @resvg/resvg-js); async renders run on libuv's thread pool. */
import { Resvg, renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';

const fit = (width: number): ResvgRenderOptions => ({ fitTo: { mode: 'width', value: width } });

/** Renders an SVG document to a PNG of the given width, synchronously (tiny files at build time). */
export function svgToPng(svg: string, width: number): Buffer {
  return new Resvg(svg, fit(width)).render().asPng();
}

/** Renders an SVG document to a PNG of the given width off the main thread. */
export async function svgToPngAsync(svg: string, width: number): Promise<Buffer> {
  return (await renderAsync(svg, fit(width))).asPng();
}

/** Renders an SVG document to straight (not premultiplied) RGBA bytes, as ffmpeg's `rgba` expects. */
export async function svgToRgba(svg: string, width: number): Promise<Buffer> {
  const px = Buffer.from((await renderAsync(svg, fit(width))).pixels);
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
