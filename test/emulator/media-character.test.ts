// Issue 14: every pose of one collection is the same creature (species, ears, markings, colours from the
// collection's description), while the pose follows the prompt; and an edit has no white band.
import { describe, expect, it } from 'vitest';
import { characterOf } from '../../src/emulator/media/character.js';
import { createMediaRenderer, type MediaInput } from '../../src/emulator/media/index.js';
import { lookFor, NIGHT_SKY } from '../../src/emulator/media/look.js';
import { speciesBackSvg } from '../../src/emulator/media/mascot-svg.js';
import { COLOUR_WORDS } from '../../src/emulator/media/palette.js';
import { frameSvgs } from '../../src/emulator/media/render-frames.js';
import { imageSvg } from '../../src/emulator/media/render-image.js';
import { logoSvgs } from '../../src/emulator/media/render-logo.js';
import { boxHas, decode, distance, earPeaks, pixel, rowShare, type Rgba } from './media-pixels.js';

const media = createMediaRenderer({ mode: 'fallback' });
const PIXEL = 'a small orange fox with big round eyes, friendly cartoon style';
const BEAR = 'a cuddly brown bear';
/** Six poses without headwear (headwear may cover an ear tip). */
const POSES = ['standing relaxed with a gentle smile', 'waving hello with a friendly smile', 'dance pose, arms raised', 'sleeping, tired', 'sad and lonely', 'surprised, pointing'];
// anchors away from arms, props and face: forehead, belly, the fox's tail tip and tail
const FOREHEAD = [256, 200] as const;
const BELLY = [256, 400] as const;
const TAIL_TIP = [78, 285] as const;
const TAIL = [62, 345] as const;

const render = async (description: string, prompt: string, seed: string, transparent = false) =>
  decode(await media.image({ description, prompt, seed }, { transparent }));
const near = (p: Rgba, hex: string, tol = 6): boolean => distance(p, hex) < tol;

describe('one collection, one character', () => {
  it('draws six poses of Pixel the fox as the same creature: same ear tips, body, belly and tail colours at the same points', async () => {
    const { colours } = characterOf({ description: PIXEL });
    expect(distance([...hexRgb(colours.body), 255], COLOUR_WORDS['orange']!)).toBe(0);
    const pngs = await Promise.all(POSES.map((p, i) => render(PIXEL, p, `item-${i}#1`, true)));
    const peaks = pngs.map(earPeaks);
    for (const [i, png] of pngs.entries()) {
      expect([png.width, png.height]).toEqual([512, 512]);
      expect(peaks[i], POSES[i]).toEqual(peaks[0]);
      expect(near(pixel(png, ...FOREHEAD), colours.body), POSES[i]).toBe(true);
      expect(near(pixel(png, ...BELLY), colours.belly), POSES[i]).toBe(true);
      expect(near(pixel(png, ...TAIL_TIP), colours.belly), POSES[i]).toBe(true);
      expect(near(pixel(png, ...TAIL), colours.body), POSES[i]).toBe(true);
    }
    // while the poses differ: the right arm is up when waving only, the eyes closed when sleeping
    const rightArmUp = (i: number): boolean => boxHas(pngs[i]!, 400, 200, 470, 260, colours.body, 10);
    expect(POSES.map((_, i) => rightArmUp(i))).toEqual([false, true, true, false, false, false]);
    expect(near(pixel(pngs[3]!, 206, 222), colours.body)).toBe(true);
    expect(near(pixel(pngs[0]!, 206, 222), '#ffffff')).toBe(true);
  });

  it('gives a fox tall pointed ears with dark tips and pale insides, and a bear round ears', async () => {
    const fox = await render(PIXEL, 'standing', 'f#1', true);
    const bear = await render(BEAR, 'standing', 'b#1', true);
    const foxColours = characterOf({ description: PIXEL }).colours;
    const bearColours = characterOf({ description: BEAR }).colours;
    for (const ear of earPeaks(fox)) {
      expect(ear.y).toBeLessThan(80); // well above the head top (y ≈ 135)
      expect(ear.width20).toBeLessThan(30); // a point: narrow just below the tip
      expect(boxHas(fox, ear.x - 10, ear.y + 14, ear.x + 10, ear.y + 40, foxColours.feet, 12)).toBe(true);
      expect(boxHas(fox, ear.x - 20, ear.y + 60, ear.x + 30, ear.y + 100, foxColours.earInner, 8)).toBe(true);
    }
    for (const ear of earPeaks(bear)) {
      expect(ear.y).toBeGreaterThan(100);
      expect(ear.y).toBeLessThan(125);
      expect(ear.width20).toBeGreaterThan(60); // a round ear is wide just below its top
      expect(boxHas(bear, ear.x - 10, ear.y + 30, ear.x + 10, ear.y + 60, bearColours.earInner, 8)).toBe(true);
    }
    expect(distance(pixel(bear, ...FOREHEAD), foxColours.body)).toBeGreaterThan(100);
    // a bear has no tail; the fox's is there in every pose (above)
    expect(pixel(bear, ...TAIL)[3]).toBe(0);
  });

  it('tells other species apart by their head-tops: cat ears, rabbit ears, a robot antenna', async () => {
    const [cat, rabbit, robot] = await Promise.all(['a cat', 'a white bunny', 'a friendly robot'].map((d) => render(d, 'standing', 'x#1', true)));
    for (const ear of earPeaks(cat!)) expect([ear.y > 70 && ear.y < 100, ear.width20 < 40]).toEqual([true, true]);
    for (const ear of earPeaks(rabbit!)) expect(ear.y).toBeLessThan(20);
    const [l, r] = earPeaks(robot!);
    expect([l.x > 230, r.x < 282, l.y < 70]).toEqual([true, true, true]); // one antenna in the middle
  });

  it('takes the colours from colour words of the description, tied to the part they name', async () => {
    const png = await render('a blue fox with a red scarf', 'standing', 's#1');
    expect(near(pixel(png, ...FOREHEAD), COLOUR_WORDS['blue']!)).toBe(true);
    expect(near(pixel(png, 256, 370), COLOUR_WORDS['red']!)).toBe(true);
    const pied = characterOf({ description: 'an orange and white cat with green eyes' });
    expect([pied.colours.body, pied.colours.belly, pied.colours.iris]).toEqual([COLOUR_WORDS['orange'], COLOUR_WORDS['white'], COLOUR_WORDS['green']]);
    // the scarf is part of the character: it is there in every pose
    const waving = await render('a blue fox with a red scarf', 'waving hello', 's#2');
    expect(near(pixel(waving, 256, 370), COLOUR_WORDS['red']!)).toBe(true);
  });

  it('never lets the prompt recolour the character; prompt colours go to the props they name', async () => {
    const png = await render('a blue robot', 'a red version wearing a green scarf', 'p#1');
    expect(near(pixel(png, ...FOREHEAD), COLOUR_WORDS['blue']!)).toBe(true);
    expect(near(pixel(png, 256, 370), COLOUR_WORDS['green']!)).toBe(true);
  });

  it('picks colours by the description\'s hash when it names none: stable per description, varied across', async () => {
    const descriptions = ['Zig, our mascot', 'Zag, our mascot', 'Blip the helper', 'Quux', 'a friendly helper', 'the team buddy'];
    const bodies = descriptions.map((d) => characterOf({ description: d }).colours.body);
    expect(new Set(bodies).size).toBeGreaterThan(2);
    const seeds = await Promise.all(['a#1', 'b#1', 'c#7'].map((s) => render('Zig, our mascot', 'standing', s)));
    for (const png of seeds) expect(near(pixel(png, ...FOREHEAD), bodies[0]!)).toBe(true);
  });

  it('differs between two collections: ears, body colour and tail', async () => {
    const fox = await render(PIXEL, 'waving hello', 'item#1', true);
    const bear = await render(BEAR, 'waving hello', 'item#1', true);
    expect(earPeaks(fox)).not.toEqual(earPeaks(bear));
    expect(near(pixel(bear, ...FOREHEAD), characterOf({ description: PIXEL }).colours.body)).toBe(false);
    expect(speciesBackSvg(characterOf({ description: PIXEL }))).not.toBe(speciesBackSvg(characterOf({ description: BEAR })));
  });

  it('draws the same tail, ears and body in every image, transparent image, frame, transition, edit and logo (SVG)', () => {
    const ch = characterOf({ description: PIXEL });
    const features = speciesBackSvg(ch);
    const body = `fill="${ch.colours.body}" stroke="${ch.colours.outline}"`;
    const input = (prompt: string, seed: string): MediaInput => ({ description: PIXEL, prompt, seed });
    const svgs = [
      ...POSES.map((p, i) => imageSvg(input(p, `i${i}#1`), i % 2 === 0)),
      imageSvg(input('waving hello with a friendly smile, add a santa hat and falling snow', 'edit#2'), false),
      ...frameSvgs({ ...input('dance pose, arms raised, dancing with bouncy moves', 'anim#1'), duration: 1, loop: true }, 6).opaque,
      ...frameSvgs({ ...input('standing relaxed, transitioning from idle to waving', 'tr#1'), duration: 1, loop: false, endPrompt: 'waving hello' }, 6).transparent,
      ...Object.values(logoSvgs({ ...input('iconic representation of the character face', 'logo#1'), styleName: 'Flat' })),
    ];
    for (const svg of svgs) {
      expect(svg).toContain(features);
      expect(svg).toContain(body);
    }
    const bear = speciesBackSvg(characterOf({ description: BEAR }));
    for (const svg of svgs) expect(svg).not.toContain(bear);
  });

  it('follows the prompt for props: a santa hat for "santa hat", gone again when a later edit removes it', async () => {
    const hat = await render(PIXEL, 'waving hello, add a santa hat', 'h#1');
    const gone = await render(PIXEL, 'waving hello, add a santa hat, remove the hat', 'h#2');
    expect(near(pixel(hat, 256, 165), '#fafafa')).toBe(true);
    expect(near(pixel(gone, 256, 165), characterOf({ description: PIXEL }).colours.body)).toBe(true);
  });
});

describe('edits', () => {
  // what an edit renders: the source's prompt, then the edit's instructions (src/emulator/generate.ts)
  const santa = 'waving hello with a friendly smile, add a santa hat and falling snow';
  const night = `${santa}, make it night time with stars`;

  it('has no white band along the bottom: rows 472 and below are the backdrop (or clear)', async () => {
    for (const prompt of [santa, night]) {
      const input = { description: PIXEL, prompt, seed: 'wave#2' };
      const { background } = lookFor(input);
      expect(background).toBe(prompt === night ? NIGHT_SKY : characterOf({ description: PIXEL }).background);
      const opaque = decode(await media.image(input, { transparent: false }));
      const clear = decode(await media.image(input, { transparent: true }));
      for (const png of [opaque, clear]) expect([png.width, png.height]).toEqual([512, 512]);
      for (let y = 472; y < 512; y++) {
        // the shadow under the feet (to row 480) and a few snowflakes aside, every pixel is the backdrop
        expect(rowShare(opaque, y, (p) => near(p, background, 3)), `row ${y}`).toBeGreaterThan(y <= 480 ? 0.5 : 0.9);
        expect(rowShare(opaque, y, (p) => near(p, '#ffffff', 3)), `row ${y}`).toBeLessThan(0.1);
        expect(rowShare(clear, y, (p) => p[3] === 0), `row ${y}`).toBeGreaterThan(y <= 480 ? 0.5 : 0.9);
      }
      expect(near(pixel(opaque, 256, 165), '#fafafa')).toBe(true); // the santa hat's band
    }
  });
});

function hexRgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}
