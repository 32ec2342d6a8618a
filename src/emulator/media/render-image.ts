/** Still images: the collection's character at 512×512, with its backdrop or with real alpha. */
import { lookFor } from './look.js';
import { sceneSvg } from './mascot-svg.js';
import { svgToPngAsync } from './rasterize.js';
import { stampPng } from './stamp.js';
import type { MediaInput } from './types.js';

/** Image size in pixels (square). */
export const IMAGE_SIZE = 512;

/** The SVG of an input's still (what renderImage rasterises). */
export function imageSvg(input: MediaInput, transparent: boolean): string {
  const look = lookFor(input);
  return sceneSvg({ ...look, backdrop: transparent ? null : look.background });
}

/**
 * Renders the still PNG of an input (`width` wide: 512, or a size variant's), marked with its generation
 * (see stamp.ts): its pixels already vary with the seed, but only the mark makes sure two generations
 * never share bytes.
 */
export async function renderImage(input: MediaInput, transparent: boolean, width = IMAGE_SIZE): Promise<Buffer> {
  return stampPng(await svgToPngAsync(imageSvg(input, transparent), width), `${input.seed} ${transparent ? 'transparent' : 'image'}`);
}
