/** Still images: the mascot at 512×512, with its background or with real alpha. */
import { lookFor } from './look.js';
import { sceneSvg } from './mascot-svg.js';
import { svgToPngAsync } from './rasterize.js';
import type { MediaInput } from './types.js';

/** Image size in pixels (square). */
export const IMAGE_SIZE = 512;

/** Renders the still PNG of an input. */
export function renderImage(input: MediaInput, transparent: boolean, width = IMAGE_SIZE): Promise<Buffer> {
  const look = lookFor(input);
  return svgToPngAsync(sceneSvg({ ...look, background: !transparent }), width);
}
