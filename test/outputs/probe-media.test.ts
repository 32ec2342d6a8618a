// Media headers read from real files: PNGs, MP4/MOV (moov at the start or at the end, 64-bit box
// sizes), WebM from ffmpeg's muxer and the emulator's; truncated and foreign files give nothing.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateFfmpeg } from '../../src/emulator/media/locate-ffmpeg.js';
import { mimeOf } from '../../src/outputs/media-types.js';
import { fromMoov } from '../../src/outputs/probe-isobmff.js';
import { probeMedia } from '../../src/outputs/probe-media.js';
import { noisePng } from './fixture-project.js';

let dir: string;
const ffmpeg = locateFfmpeg().path;
const at = (name: string) => path.join(dir, name);
const probe = (name: string) => probeMedia(at(name), mimeOf(name));

/** A test clip from ffmpeg's own generator: odd size, fractional duration. */
function encode(name: string, args: string[]): void {
  execFileSync(ffmpeg!, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=322x182:rate=10:duration=1.5', ...args, at(name)]);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'masko-probe-'));
  if (!ffmpeg) throw new Error('the bundled ffmpeg (@ffmpeg-installer/ffmpeg) is missing');
  encode('start.mp4', ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-movflags', '+faststart']);
  encode('end.mp4', ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p']);
  encode('clip.mov', ['-c:v', 'libx265', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-tag:v', 'hvc1', '-x265-params', 'log-level=error']);
  encode('clip.webm', ['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '0', '-crf', '50']);
  await writeFile(at('noise.png'), noisePng({ width: 123, height: 45 }, 7));
}, 60_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('probeMedia', () => {
  it('reads PNG size from IHDR', async () => {
    expect(await probe('noise.png')).toEqual({ width: 123, height: 45 });
  });

  it('reads MP4 size and duration with moov first or last', async () => {
    expect(await probe('start.mp4')).toEqual({ width: 322, height: 182, duration: 1.5 });
    expect(await probe('end.mp4')).toEqual({ width: 322, height: 182, duration: 1.5 });
    // moov really is at the end of this one (no faststart), so the reader walked the top-level boxes.
    const bytes = await readFile(at('end.mp4'));
    expect(bytes.lastIndexOf(Buffer.from('moov'))).toBeGreaterThan(bytes.indexOf(Buffer.from('mdat')));
  });

  it('reads MOV (HEVC) and WebM (VP9) size and duration', async () => {
    expect(await probe('clip.mov')).toEqual({ width: 322, height: 182, duration: 1.5 });
    expect(await probe('clip.webm')).toEqual({ width: 322, height: 182, duration: 1.5 });
  });

  it('handles 64-bit box sizes', async () => {
    const bytes = await readFile(at('start.mp4'));
    const moovAt = bytes.indexOf(Buffer.from('moov')) - 4;
    const size = bytes.readUInt32BE(moovAt);
    const content = bytes.subarray(moovAt + 8, moovAt + size);
    // The same moov behind a largesize header.
    const large = Buffer.alloc(16);
    large.writeUInt32BE(1, 0);
    large.write('moov', 4, 'latin1');
    large.writeBigUInt64BE(BigInt(content.length + 16), 8);
    const ftyp = bytes.subarray(0, bytes.readUInt32BE(0));
    await writeFile(at('large.mp4'), Buffer.concat([ftyp, large, content]));
    expect(await probe('large.mp4')).toEqual({ width: 322, height: 182, duration: 1.5 });
    expect(fromMoov(content)).toEqual({ width: 322, height: 182, duration: 1.5 });
  });

  it('gives nothing for truncated, empty or foreign files, and never throws', async () => {
    const mp4 = await readFile(at('end.mp4'));
    await writeFile(at('cut.mp4'), mp4.subarray(0, mp4.length - 200));
    await writeFile(at('cut.webm'), (await readFile(at('clip.webm'))).subarray(0, 30));
    await writeFile(at('cut.png'), (await readFile(at('noise.png'))).subarray(0, 10));
    await writeFile(at('text.mov'), 'not a movie at all');
    await writeFile(at('empty.webm'), '');
    for (const name of ['cut.mp4', 'cut.webm', 'cut.png', 'text.mov', 'empty.webm']) expect(await probe(name), name).toEqual({});
  });
});
