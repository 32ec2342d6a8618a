/** Colour keywords → hex colours (hex only: resvg renders fractional hsl() hues black). */
import { hash32 } from './seed-hash.js';

/** The colours one mascot is drawn with. */
export interface Palette {
  body: string;
  belly: string;
  outline: string;
  accent: string;
  background: string;
}

/** Body colour per keyword. */
export const COLOUR_WORDS: Readonly<Record<string, string>> = {
  red: '#e53935',
  crimson: '#c62828',
  orange: '#fb8c00',
  yellow: '#fdd835',
  gold: '#f9a825',
  green: '#43a047',
  lime: '#9ccc65',
  teal: '#00897b',
  cyan: '#00acc1',
  blue: '#1e88e5',
  navy: '#283593',
  purple: '#8e24aa',
  violet: '#7e57c2',
  pink: '#ec407a',
  magenta: '#d81b60',
  brown: '#795548',
  black: '#263238',
  white: '#f5f5f5',
  grey: '#9e9e9e',
  gray: '#9e9e9e',
  silver: '#bdbdbd',
};

const DEFAULT_BODIES = ['#ff7043', '#42a5f5', '#66bb6a', '#ab47bc', '#ffca28', '#26a69a', '#ec407a', '#8d6e63'];
const BACKGROUNDS = ['#fff8e1', '#e3f2fd', '#e8f5e9', '#f3e5f5', '#fce4ec', '#e0f7fa', '#fffde7', '#efebe9'];

/** Colour keywords of a text in reading order (e.g. "a red fox with a blue hat" → red, blue). */
export function colourWords(text: string): string[] {
  const words = text.toLowerCase().match(/[a-z]+/g) ?? [];
  return words.filter((w) => w in COLOUR_WORDS);
}

/** Picks the palette: the prompt's colours win over the description's; otherwise the seed decides. */
export function pickPalette(description: string, prompt: string, seed: string): Palette {
  const named = [...colourWords(prompt), ...colourWords(description)].map((w) => COLOUR_WORDS[w]!);
  const h = hash32('palette', seed);
  const body = named[0] ?? DEFAULT_BODIES[h % DEFAULT_BODIES.length]!;
  const second = named.find((c) => c !== body);
  const accent = second ?? mix(body, '#000000', 0.35);
  return {
    body,
    belly: mix(body, '#ffffff', 0.55),
    outline: mix(body, '#000000', 0.55),
    accent,
    background: BACKGROUNDS[(h >>> 8) % BACKGROUNDS.length]!,
  };
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
