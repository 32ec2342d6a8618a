// The media stack when @resvg/resvg-js is not installed (an optional dependency): flat PNGs and the
// embedded clips, said once through the log, and never a crash.
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { fallbackClips } from '../../src/emulator/media/embedded.js';
import { createMediaRenderer } from '../../src/emulator/media/index.js';
import { lookFor } from '../../src/emulator/media/look.js';
import { parseHex } from '../../src/emulator/media/palette.js';

const input = { description: 'a small orange fox', prompt: 'waving hello', seed: 'item-1' };

describe('media without resvg', () => {
  const lines: string[] = [];
  const media = createMediaRenderer({ resvg: false, log: (l) => lines.push(l) });

  it('says so once, at creation, and serves fallback video', () => {
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^media: resvg disabled.*flat placeholder PNGs and the embedded fallback clips/);
    expect(media.videoMode).toBe('fallback');
  });

  it('serves 512×512 flat PNGs in the look\'s colours, opaque or with alpha', async () => {
    const { character, background } = lookFor(input);
    const opaque = PNG.sync.read(await media.image(input, { transparent: false }));
    const clear = PNG.sync.read(await media.image(input, { transparent: true }));
    for (const png of [opaque, clear]) expect([png.width, png.height]).toEqual([512, 512]);
    const at = (png: PNG, x: number, y: number) => [...png.data.subarray((y * 512 + x) * 4, (y * 512 + x) * 4 + 4)];
    expect(at(opaque, 256, 256)).toEqual([...parseHex(character.colours.body), 255]);
    expect(at(opaque, 2, 2)).toEqual([...parseHex(background), 255]);
    expect(at(clear, 2, 2)[3]).toBe(0);
    expect((await media.image(input, { transparent: false })).equals(await media.image(input, { transparent: false }))).toBe(true);
  });

  it('serves the embedded clips and four logo PNGs at their sizes', async () => {
    const clips = await media.animation({ ...input, duration: 4, loop: true });
    const embedded = fallbackClips().video;
    expect(clips.video.subarray(0, embedded.length).equals(embedded)).toBe(true);
    const pack = await media.logoPack({ ...input, styleName: 'Flat' });
    const sizes = Object.fromEntries(Object.entries(pack).map(([k, v]) => [k, PNG.sync.read(v).width]));
    expect(sizes).toEqual({ logo: 512, logo_transparent: 512, icon: 256, favicon: 32 });
    expect(lines).toHaveLength(1);
  });
});
