/** Logo packs: the collection's character on a badge whose shape and tint follow the style name. */
import { lookFor } from './look.js';
import { sceneContent } from './mascot-svg.js';
import { mix } from './palette.js';
import { svgToPngAsync } from './rasterize.js';
import { hash32 } from './seed-hash.js';
import { stampPng } from './stamp.js';
import type { LogoInput, LogoVariant } from './types.js';
import { colourMentions } from './words.js';

const NO_PARTS: ReadonlySet<string> = new Set();

type Shape = 'circle' | 'rounded' | 'shield';

/** Badge shape from style words (minimal/flat → circle, bold/modern → rounded square, vintage/retro → shield). */
export function badgeShape(styleName: string, seed: string): Shape {
  const s = styleName.toLowerCase();
  if (/minimal|flat|simple|clean|round/.test(s)) return 'circle';
  if (/bold|modern|tech|app|square/.test(s)) return 'rounded';
  if (/vintage|retro|classic|badge|crest|shield/.test(s)) return 'shield';
  const shapes: Shape[] = ['circle', 'rounded', 'shield'];
  return shapes[hash32('shape', styleName, seed) % shapes.length]!;
}

function badge(shape: Shape, fill: string, ring: string): string {
  const stroke = `fill="${fill}" stroke="${ring}" stroke-width="14"`;
  switch (shape) {
    case 'circle':
      return `<circle cx="256" cy="256" r="236" ${stroke}/>`;
    case 'rounded':
      return `<rect x="24" y="24" width="464" height="464" rx="96" ${stroke}/>`;
    case 'shield':
      return `<path d="M256 20 L472 84 L472 250 Q472 420 256 492 Q40 420 40 250 L40 84 Z" ${stroke}/>`;
    default: {
      const never: never = shape;
      return never;
    }
  }
}

/** The SVG documents of the four variants: logo and logo_transparent (512), icon and favicon (the face). */
export function logoSvgs(input: LogoInput): { logo: string; logoTransparent: string; face: string } {
  const look = lookFor(input);
  const styleColour = colourMentions(input.styleName, NO_PARTS)[0]?.hex;
  const tint = styleColour ?? look.character.colours.body;
  const fill = mix(tint, '#ffffff', 0.7);
  const ring = mix(tint, '#000000', 0.2);
  const shape = badgeShape(input.styleName, input.seed);
  const mascot = sceneContent({ ...look, backdrop: null });
  const badgeWithMascot = `${badge(shape, fill, ring)}<g transform="translate(256 262) scale(0.74) translate(-256 -276)">${mascot}</g>`;
  const doc = (viewBox: string, body: string): string =>
    `<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="${viewBox}">${body}</svg>`;
  const face = `<circle cx="256" cy="226" r="176" fill="${fill}" stroke="${ring}" stroke-width="12"/>` +
    `<clipPath id="c"><circle cx="256" cy="226" r="170"/></clipPath><g clip-path="url(#c)">${mascot}</g>`;
  return {
    logo: doc('0 0 512 512', `<rect width="512" height="512" fill="${look.background}"/>${badgeWithMascot}`),
    logoTransparent: doc('0 0 512 512', badgeWithMascot),
    face: doc('76 46 360 360', face),
  };
}

/** Renders logo (with background) and logo_transparent (512, or `size`), icon (256, face only) and favicon (32). */
export async function renderLogoPack(input: LogoInput, size = 512): Promise<Record<LogoVariant, Buffer>> {
  const svg = logoSvgs(input);
  const [logo, logoTransparent, icon, favicon] = await Promise.all([
    svgToPngAsync(svg.logo, size),
    svgToPngAsync(svg.logoTransparent, size),
    svgToPngAsync(svg.face, 256),
    svgToPngAsync(svg.face, 32),
  ]);
  // marked with the generation, as images are (render-image.ts)
  const mark = (variant: LogoVariant, png: Buffer): Buffer => stampPng(png, `${input.seed} ${variant}`);
  return { logo: mark('logo', logo!), logo_transparent: mark('logo_transparent', logoTransparent!), icon: mark('icon', icon!), favicon: mark('favicon', favicon!) };
}
