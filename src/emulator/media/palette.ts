/** Colour keywords → hex colours (hex only: resvg renders fractional hsl() hues black), and colour arithmetic. */

/** Hex colour per colour word. */
export const COLOUR_WORDS: Readonly<Record<string, string>> = {
  red: '#e53935',
  crimson: '#c62828',
  orange: '#fb8c00',
  ginger: '#ef6c00',
  yellow: '#fdd835',
  gold: '#f9a825',
  golden: '#f9a825',
  green: '#43a047',
  lime: '#9ccc65',
  mint: '#80cbc4',
  teal: '#00897b',
  cyan: '#00acc1',
  turquoise: '#26c6da',
  blue: '#1e88e5',
  navy: '#283593',
  purple: '#8e24aa',
  violet: '#7e57c2',
  lavender: '#b39ddb',
  pink: '#ec407a',
  magenta: '#d81b60',
  brown: '#795548',
  tan: '#c8a27a',
  beige: '#d7c4a3',
  cream: '#fff3e0',
  black: '#263238',
  white: '#f5f5f5',
  grey: '#9e9e9e',
  gray: '#9e9e9e',
  silver: '#bdbdbd',
};

/** Words that lighten or darken the colour word after them ("light blue", "dark green"). */
const SHADES: Readonly<Record<string, [string, number]>> = {
  light: ['#ffffff', 0.4],
  pale: ['#ffffff', 0.55],
  pastel: ['#ffffff', 0.5],
  dark: ['#000000', 0.35],
  deep: ['#000000', 0.25],
};

/** The hex colour of word `i` of `words` (with a shade word before it), or undefined if it names none. */
export function colourAt(words: readonly string[], i: number): string | undefined {
  const w = words[i]!;
  const hex = /^#[0-9a-f]{6}$/.test(w) ? w : COLOUR_WORDS[w];
  if (hex === undefined) return undefined;
  const shade = i > 0 ? SHADES[words[i - 1]!] : undefined;
  return shade ? mix(hex, shade[0], shade[1]) : hex;
}

/** Linear mix of two #rrggbb colours: t=0 gives a, t=1 gives b. */
export function mix(a: string, b: string, t: number): string {
  const pa = parseHex(a);
  const pb = parseHex(b);
  const out = pa.map((v, i) => Math.round(v + (pb[i]! - v) * t));
  return '#' + out.map((v) => v.toString(16).padStart(2, '0')).join('');
}

/** #rrggbb → [r, g, b]. */
export function parseHex(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Euclidean RGB distance of two #rrggbb colours (0..441). */
export function colourDistance(a: string, b: string): number {
  const pa = parseHex(a);
  const pb = parseHex(b);
  return Math.hypot(pa[0] - pb[0], pa[1] - pb[1], pa[2] - pb[2]);
}

/** Relative brightness 0..1 (Rec. 601 weights), to pick outlines that read on a colour. */
export function brightness(hex: string): number {
  const [r, g, b] = parseHex(hex);
  return (0.299 * r + 0.587 * g + 0.114 * b) / 255;
}
