/** SVG → pixels with resvg (the binary ships inside @resvg/resvg-js). */
import { Resvg } from '@resvg/resvg-js';

/** Renders an SVG document to a PNG of the given width (square view boxes give square images). */
export function svgToPng(svg: string, width: number): Buffer {
  return new Resvg(svg, { fitTo: { mode: 'width', value: width } }).render().asPng();
}

/** Renders an SVG document to straight (not premultiplied) RGBA bytes, as ffmpeg's `rgba` expects. */
export function svgToRgba(svg: string, width: number): Buffer {
  const px = Buffer.from(new Resvg(svg, { fitTo: { mode: 'width', value: width } }).render().pixels);
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
