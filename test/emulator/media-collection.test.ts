// Issue 14 over HTTP: the images a collection's jobs produce (generate, then edit) show the collection's
// character, and the edit's image has no white band at the bottom.
import { describe, expect, it } from 'vitest';
import { characterOf } from '../../src/emulator/media/character.js';
import { client, makeCollection, readyImage, start } from './helpers.js';
import { decode, distance, earPeaks, pixel, rowShare } from './media-pixels.js';

const PIXEL = 'a small orange fox with big round eyes, friendly cartoon style';
const bytesOf = async (url: string): Promise<Buffer> => Buffer.from(await (await fetch(url)).arrayBuffer());

describe('a collection\'s images through the emulator', () => {
  it('draws the collection\'s fox in the image and in its edit, whose bottom rows are the backdrop', async () => {
    const emu = await start({ latencyMs: 0 });
    const c = client(emu);
    const col = await makeCollection(c, 'Pixel the fox', PIXEL);
    const wave = await readyImage(c, col, 'Wave', 'waving hello with a friendly smile');
    const edit = await c.post(`/v1/collections/${col}/generate`, {
      type: 'edit', item_id: wave.item_id, source_image_asset_id: wave.asset_ids.image, edit_instructions: 'add a santa hat and falling snow',
    });
    expect(edit.status).toBe(202);
    const done = await c.finish(edit.body.data.job_id);
    expect(done.status).toBe('completed');

    const ch = characterOf({ description: PIXEL });
    const source = decode(await bytesOf(wave.urls.transparent_image));
    const edited = decode(await bytesOf(edit.body.data.urls.image));
    const editedClear = decode(await bytesOf(edit.body.data.urls.transparent_image));
    for (const png of [source, edited, editedClear]) expect([png.width, png.height]).toEqual([512, 512]);
    // the same fox: the same left ear tip (the santa hat's pompom sits by the right one), the same orange
    expect(earPeaks(editedClear)[0]).toEqual(earPeaks(source)[0]);
    expect(distance(pixel(edited, 256, 200), ch.colours.body)).toBeLessThan(6);
    for (let y = 481; y < 512; y++) {
      expect(rowShare(edited, y, (p) => distance(p, ch.background) < 3), `row ${y}`).toBeGreaterThan(0.9);
      expect(rowShare(editedClear, y, (p) => p[3] === 0), `row ${y}`).toBeGreaterThan(0.9);
    }
  });
});
