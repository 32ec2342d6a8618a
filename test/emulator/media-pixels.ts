/** Pixel helpers for the media tests: decode PNGs, read colours, find the silhouette's ear tips. */
import { PNG } from 'pngjs';
import { expect } from 'vitest';
import { parseHex } from '../../src/emulator/media/palette.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export type Rgba = [number, number, number, number];

/** Decodes a PNG after checking its signature. */
export function decode(buf: Buffer): PNG {
  expect(buf.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  return PNG.sync.read(buf);
}

/** The RGBA of one pixel. */
export function pixel(png: PNG, x: number, y: number): Rgba {
  const i = (y * png.width + x) * 4;
  return [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!, png.data[i + 3]!];
}

/** Colour distance on RGB only. */
export function distance(p: Rgba, hex: string): number {
  const [r, g, b] = parseHex(hex);
  return Math.hypot(p[0] - r, p[1] - g, p[2] - b);
}

/** Whether any pixel of the box is within `tol` of the colour. */
export function boxHas(png: PNG, x0: number, y0: number, x1: number, y1: number, hex: string, tol = 30): boolean {
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) if (distance(pixel(png, x, y), hex) < tol) return true;
  return false;
}

/** Share of a row's pixels that pass the test. */
export function rowShare(png: PNG, y: number, test: (p: Rgba) => boolean): number {
  let n = 0;
  for (let x = 0; x < png.width; x++) if (test(pixel(png, x, y))) n++;
  return n / png.width;
}

/** The first opaque row of column x of a transparent image (height when the column is clear). */
export function topAt(png: PNG, x: number): number {
  for (let y = 0; y < png.height; y++) if (pixel(png, x, y)[3] > 128) return y;
  return png.height;
}

/** An ear tip: the highest point of the silhouette over one half of the head, and how wide it is below. */
export interface Peak {
  x: number;
  y: number;
  /** silhouette width 20 px below the tip */
  width20: number;
}

/** The highest silhouette point in columns x0..x1 of a transparent image, with its width 20 px below. */
export function peak(png: PNG, x0: number, x1: number): Peak {
  let best = { x: x0, y: png.height };
  for (let x = x0; x <= x1; x++) {
    const y = topAt(png, x);
    if (y < best.y) best = { x, y };
  }
  let width20 = 0;
  for (let x = x0; x <= x1; x++) if (topAt(png, x) <= best.y + 20) width20++;
  return { ...best, width20 };
}

/** Both ear tips of a mascot (left half and right half of the head). */
export function earPeaks(png: PNG): [Peak, Peak] {
  return [peak(png, 110, 240), peak(png, 272, 402)];
}
