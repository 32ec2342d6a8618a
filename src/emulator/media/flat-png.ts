/**
 * Flat PNGs without resvg: a disc of the character's body colour on its backdrop (or on transparency).
 * What the emulator serves when @resvg/resvg-js is not installed; written by hand because it is
 * 40 lines over node:zlib, where a PNG library would be another dependency for a fallback.
 */
import { crc32, deflateSync } from 'node:zlib';
import { lookFor } from './look.js';
import { parseHex } from './palette.js';
import { stampPng } from './stamp.js';
import type { LogoVariant, MediaInput } from './types.js';

/** A square RGBA PNG: a centred disc of `body` on `background` (transparent when null). */
export function flatPng(size: number, body: string, background: string | null): Buffer {
  const [br, bg, bb] = parseHex(body);
  const back = background === null ? [0, 0, 0, 0] : [...parseHex(background), 255];
  const radius = size * 0.36;
  const centre = (size - 1) / 2;
  const rows = Buffer.alloc(size * (1 + size * 4));
  for (let y = 0; y < size; y++) {
    const row = y * (1 + size * 4); // filter byte 0 (none), then the pixels
    for (let x = 0; x < size; x++) {
      const inside = (x - centre) ** 2 + (y - centre) ** 2 <= radius * radius;
      rows.set(inside ? [br, bg, bb, 255] : back, row + 1 + x * 4);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, deflate, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** The flat still of an input, 512×512 like the rendered one (or `width` wide, for a size variant). */
export function flatImage(input: MediaInput, transparent: boolean, width = 512): Buffer {
  const { character, background } = lookFor(input);
  // Marked with its generation: flat discs of one collection would otherwise be byte-identical.
  return stampPng(flatPng(width, character.colours.body, transparent ? null : background), `${input.seed} ${transparent ? 'transparent' : 'image'}`);
}

/** The four logo variants at their rendered sizes, flat (`size`: the width of the two logos). */
export function flatLogoPack(input: MediaInput, size = 512): Record<LogoVariant, Buffer> {
  const { character, background } = lookFor(input);
  const body = character.colours.body;
  const mark = (variant: string, png: Buffer) => stampPng(png, `${input.seed} ${variant}`);
  return {
    logo: mark('logo', flatPng(size, body, background)),
    logo_transparent: mark('logo_transparent', flatPng(size, body, null)),
    icon: mark('icon', flatPng(256, body, null)),
    favicon: mark('favicon', flatPng(32, body, null)),
  };
}
