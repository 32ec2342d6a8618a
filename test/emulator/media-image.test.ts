import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { createMediaRenderer, type MediaInput } from '../../src/emulator/media/index.js';
import { COLOUR_WORDS, parseHex } from '../../src/emulator/media/palette.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const media = createMediaRenderer({ mode: 'fallback' });

type Rgba = [number, number, number, number];

function decode(buf: Buffer): PNG {
  expect(buf.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  return PNG.sync.read(buf);
}

function pixel(png: PNG, x: number, y: number): Rgba {
  const i = (y * png.width + x) * 4;
  return [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!, png.data[i + 3]!];
}

/** Colour distance on RGB only. */
function distance(p: Rgba, hex: string): number {
  const [r, g, b] = parseHex(hex);
  return Math.hypot(p[0] - r, p[1] - g, p[2] - b);
}

/** Whether any pixel of the box is within `tol` of the colour. */
function boxHas(png: PNG, x0: number, y0: number, x1: number, y1: number, hex: string, tol = 30): boolean {
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) if (distance(pixel(png, x, y), hex) < tol) return true;
  return false;
}

const image = async (input: Partial<MediaInput>, transparent = false): Promise<PNG> =>
  decode(await media.image({ description: '', prompt: '', seed: 'seed-1', ...input }, { transparent }));

// (256, 200): between the eyes and below any hat band or ears, always the body
const BODY = [256, 200] as const;

describe('mascot PNGs', () => {
  it('renders a 512×512 opaque PNG with background', async () => {
    const png = await image({ description: 'a red fox', prompt: 'standing' });
    expect([png.width, png.height]).toEqual([512, 512]);
    for (const [x, y] of [[0, 0], [511, 0], [0, 511], [511, 511]] as const) expect(pixel(png, x, y)[3]).toBe(255);
    const body = pixel(png, ...BODY);
    expect(body[0]).toBeGreaterThan(180);
    expect(body[1]).toBeLessThan(100);
    expect(body[2]).toBeLessThan(100);
  });

  it('renders the transparent variant with real alpha: clear corners, opaque mascot', async () => {
    const png = await image({ description: 'a red fox', prompt: 'standing' }, true);
    expect([png.width, png.height]).toEqual([512, 512]);
    for (const [x, y] of [[0, 0], [511, 0], [0, 511], [511, 511], [20, 256]] as const) expect(pixel(png, x, y)[3]).toBe(0);
    expect(pixel(png, 256, 256)[3]).toBe(255);
    expect(distance(pixel(png, ...BODY), COLOUR_WORDS['red']!)).toBeLessThan(10);
  });

  it.each(['blue', 'green', 'orange', 'purple', 'pink', 'yellow', 'teal', 'brown', 'black', 'white', 'grey'])(
    'colours the body %s when the description says so',
    async (colour) => {
      const png = await image({ description: `a ${colour} mascot`, prompt: 'hello there' });
      expect(distance(pixel(png, ...BODY), COLOUR_WORDS[colour]!)).toBeLessThan(10);
    },
  );

  it('keeps the description colour when the prompt names another', async () => {
    const png = await image({ description: 'a blue robot', prompt: 'a red version' });
    expect(distance(pixel(png, ...BODY), COLOUR_WORDS['blue']!)).toBeLessThan(10);
  });

  it('picks a default colour from the description, not the seed, when no colour is named', async () => {
    const colours = new Set<string>();
    for (const seed of ['a', 'b', 'c', 'd']) colours.add(pixel(await image({ description: 'Zig', prompt: 'standing', seed }), ...BODY).join());
    expect(colours.size).toBe(1);
    for (const description of ['Zag', 'Blip', 'Quux', 'Mo']) colours.add(pixel(await image({ description, prompt: 'standing' }), ...BODY).join());
    expect(colours.size).toBeGreaterThan(1);
  });

  it('raises one arm for waving and both for dancing', async () => {
    const hex = COLOUR_WORDS['red']!;
    const rightUp = (png: PNG): boolean => boxHas(png, 400, 200, 470, 260, hex);
    const leftUp = (png: PNG): boolean => boxHas(png, 42, 200, 112, 260, hex);
    const idle = await image({ description: 'red', prompt: 'standing still' });
    const waving = await image({ description: 'red', prompt: 'waving hello' });
    const dancing = await image({ description: 'red', prompt: 'dancing with arms raised' });
    expect([leftUp(idle), rightUp(idle)]).toEqual([false, false]);
    expect([leftUp(waving), rightUp(waving)]).toEqual([false, true]);
    expect([leftUp(dancing), rightUp(dancing)]).toEqual([true, true]);
  });

  it('closes the eyes when sleeping', async () => {
    // (206, 222): the white of the left eye above the pupil
    const awake = await image({ description: 'red', prompt: 'standing' });
    const asleep = await image({ description: 'red', prompt: 'sleeping, tired' });
    expect(distance(pixel(awake, 206, 222), '#ffffff')).toBeLessThan(10);
    expect(distance(pixel(asleep, 206, 222), COLOUR_WORDS['red']!)).toBeLessThan(10);
  });

  it('smiles with an open mouth when happy and frowns when sad', async () => {
    const happy = await image({ description: 'red', prompt: 'happy smile' });
    const sad = await image({ description: 'red', prompt: 'sad' });
    expect(distance(pixel(happy, 256, 310), '#b71c1c')).toBeLessThan(10);
    expect(distance(pixel(sad, 256, 310), '#b71c1c')).toBeGreaterThan(60);
    expect(boxHas(sad, 250, 296, 262, 308, '#212121')).toBe(true);
  });

  it('wears a santa hat when asked', async () => {
    const hat = await image({ description: 'blue', prompt: 'wearing a santa hat' });
    const bare = await image({ description: 'blue', prompt: 'standing' });
    expect(distance(pixel(hat, 256, 164), '#fafafa')).toBeLessThan(10);
    expect(distance(pixel(bare, 256, 164), COLOUR_WORDS['blue']!)).toBeLessThan(10);
  });

  it('is deterministic: same input, same bytes; another seed (generation), other bytes and pixels', async () => {
    const input = { description: 'a teal owl', prompt: 'waving in the snow', seed: 'x' };
    const a = await media.image(input, { transparent: false });
    expect((await media.image(input, { transparent: false })).equals(a)).toBe(true);
    const b = await media.image({ ...input, seed: 'y' }, { transparent: false });
    expect(b.equals(a)).toBe(false);
    // not only the generation mark: the pixels differ a little too (gaze, arms, snowflakes)
    expect(decode(b).data.equals(decode(a).data)).toBe(false);
  });

  it('never serves the same bytes for two generations, even where the pixels agree', async () => {
    const input = { description: 'a teal owl', prompt: 'standing', seed: 'item#1' };
    const a = await media.image(input, { transparent: true });
    const b = await media.image({ ...input, seed: 'item#2' }, { transparent: true });
    expect(a.equals(b)).toBe(false);
    expect(a.includes(Buffer.from('masko-emulator\0item#1 transparent', 'latin1'))).toBe(true);
  });
});

describe('logo packs', () => {
  const input = { description: 'a teal owl', prompt: 'a logo', seed: 'logo-1', styleName: 'vintage orange' };

  it('renders logo, logo_transparent, icon and favicon PNGs of the right sizes and alpha', async () => {
    const pack = await media.logoPack(input);
    expect(Object.keys(pack).sort()).toEqual(['favicon', 'icon', 'logo', 'logo_transparent']);
    const logo = decode(pack.logo);
    const clear = decode(pack.logo_transparent);
    const icon = decode(pack.icon);
    const favicon = decode(pack.favicon);
    expect([logo.width, logo.height, clear.width, icon.width, icon.height, favicon.width, favicon.height]).toEqual([512, 512, 512, 256, 256, 32, 32]);
    expect(pixel(logo, 0, 0)[3]).toBe(255);
    expect(pixel(clear, 0, 0)[3]).toBe(0);
    expect(pixel(clear, 256, 256)[3]).toBe(255);
    expect(pixel(icon, 0, 0)[3]).toBe(0);
    expect(pixel(icon, 128, 128)[3]).toBe(255);
    expect(pixel(favicon, 16, 16)[3]).toBe(255);
  });

  it('is deterministic and follows the style name', async () => {
    const a = await media.logoPack(input);
    const b = await media.logoPack(input);
    const c = await media.logoPack({ ...input, styleName: 'minimal blue' });
    for (const k of ['logo', 'logo_transparent', 'icon', 'favicon'] as const) expect(b[k].equals(a[k])).toBe(true);
    expect(c.logo.equals(a.logo)).toBe(false);
  });
});

describe('PNG placeholder', () => {
  it('is a tiny valid PNG', () => {
    const buf = media.placeholder('png');
    expect(buf.length).toBeLessThan(200);
    expect(decode(buf).width).toBeGreaterThan(0);
  });
});
