import { fallbackClips } from '../../src/emulator/media/embedded.js';
import { spawnSync } from 'node:child_process';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMediaRenderer, type AnimationFiles } from '../../src/emulator/media/index.js';
import { locateFfmpeg } from '../../src/emulator/media/locate-ffmpeg.js';
import { frameRate } from '../../src/emulator/media/render-frames.js';
import { readWebmFrames, writeAlphaWebm } from '../../src/emulator/media/webm-alpha.js';

const found = locateFfmpeg();
if (found.path === null) throw new Error(`these tests need the ffmpeg of @ffmpeg-installer/ffmpeg: ${found.reason}`);
const ffmpeg = found.path;

/** What `ffmpeg -i` says about a file read from stdin (the package ships no ffprobe). */
function probe(file: Buffer): string {
  const r = spawnSync(ffmpeg, ['-hide_banner', '-i', 'pipe:0'], { input: file, encoding: 'utf8' });
  return r.stderr;
}

/** First frame of a WebM decoded with libvpx (which keeps the alpha plane), as a PNG. */
function firstWebmFrame(file: Buffer): PNG {
  const r = spawnSync(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-c:v', 'libvpx-vp9', '-i', 'pipe:0', '-frames:v', '1', '-f', 'image2pipe', '-c:v', 'png', '-pix_fmt', 'rgba', 'pipe:1'], { input: file, maxBuffer: 1 << 26 });
  expect(r.status, r.stderr.toString()).toBe(0);
  return PNG.sync.read(r.stdout);
}

/** The ISO-BMFF `ftyp` box: size, type and major brand. */
function ftyp(file: Buffer): { type: string; brand: string } {
  return { type: file.subarray(4, 8).toString('latin1'), brand: file.subarray(8, 12).toString('latin1') };
}

function expectMp4(file: Buffer): void {
  expect(ftyp(file)).toMatchObject({ type: 'ftyp', brand: 'isom' });
  expect(probe(file)).toMatch(/Video: h264/);
}

function expectMov(file: Buffer): void {
  expect(ftyp(file)).toEqual({ type: 'ftyp', brand: 'qt  ' });
  expect(probe(file)).toMatch(/Video: hevc .*hvc1/);
}

function expectWebm(file: Buffer): void {
  expect(file.subarray(0, 4).toString('hex')).toBe('1a45dfa3');
  expect(file.subarray(0, 64).includes(Buffer.from('webm'))).toBe(true);
  const info = probe(file);
  expect(info).toMatch(/Video: vp9/);
  expect(info).toMatch(/alpha_mode\s*:\s*1/);
}

function expectAll(files: AnimationFiles): void {
  expectMp4(files.video);
  expectWebm(files.webm);
  expectMov(files.hevc);
}

describe('animations with ffmpeg', () => {
  const media = createMediaRenderer();
  const input = { description: 'a red fox', prompt: 'waving hello', seed: 'clip-1', duration: 2, loop: true };
  let clip: AnimationFiles;
  beforeAll(async () => {
    clip = await media.animation(input);
  });

  it('uses the shipped ffmpeg', () => {
    expect(media.videoMode).toBe('ffmpeg');
  });

  it('encodes MP4 (H.264), WebM (VP9 with alpha) and MOV (HEVC)', () => {
    expectAll(clip);
    expect(probe(clip.video)).toMatch(/Duration: 00:00:02\.00/);
  });

  it('keeps real alpha in the WebM: clear corner, opaque reddish mascot', () => {
    const frame = firstWebmFrame(clip.webm);
    const at = (x: number, y: number): number[] => Array.from(frame.data.subarray((y * frame.width + x) * 4, (y * frame.width + x) * 4 + 4));
    expect(at(2, 2)[3]).toBeLessThan(10);
    const centre = at(frame.width / 2, Math.round(frame.height * 0.4));
    expect(centre[3]).toBeGreaterThan(245);
    expect(centre[0]!).toBeGreaterThan(centre[1]! + 80);
  });

  it('pairs every WebM frame with its alpha frame, starting on a keyframe', () => {
    const frames = readWebmFrames(clip.webm);
    expect(frames).toHaveLength(2 * frameRate(2));
    expect(frames[0]!.keyframe).toBe(true);
  });

  it('is deterministic: the same input gives identical bytes in all three files', async () => {
    const again = await media.animation(input);
    expect(again.video.equals(clip.video)).toBe(true);
    expect(again.webm.equals(clip.webm)).toBe(true);
    expect(again.hevc.equals(clip.hevc)).toBe(true);
  });

  it('renders transitions to an end prompt as a different clip', async () => {
    const transition = await media.animation({ ...input, loop: false, duration: 1, endPrompt: 'sleeping' });
    expectAll(transition);
    expect(probe(transition.video)).toMatch(/Duration: 00:00:01\.00/);
    expect(transition.video.equals(clip.video)).toBe(false);
  });
});

describe('WebM alpha muxer', () => {
  const frame = (keyframe: boolean, n: number): { keyframe: boolean; data: Buffer } => ({ keyframe, data: Buffer.alloc(n, n & 0xff) });

  it('round-trips frames and keyframe flags, across several clusters', () => {
    const colour = [frame(true, 300), frame(false, 20), frame(false, 5000), frame(true, 130), frame(false, 1)];
    const alpha = [frame(true, 40), frame(false, 2), frame(false, 127), frame(true, 16_400), frame(false, 3)];
    const webm = writeAlphaWebm({ width: 8, height: 8, fps: 2, colour, alpha });
    expect(webm.subarray(0, 4).toString('hex')).toBe('1a45dfa3');
    expect(readWebmFrames(webm)).toEqual(colour);
  });

  it('refuses streams that do not pair frame for frame', () => {
    expect(() => writeAlphaWebm({ width: 8, height: 8, fps: 2, colour: [frame(true, 4)], alpha: [] })).toThrow(/pair/);
    expect(() => writeAlphaWebm({ width: 8, height: 8, fps: 2, colour: [frame(true, 4), frame(true, 4)], alpha: [frame(true, 4), frame(false, 4)] })).toThrow(/pair/);
  });
});

describe('frame rate', () => {
  it('is 12 fps up to 4 s and drops for long clips, never below 4 fps', () => {
    expect([1, 2, 4, 8, 15, 60].map(frameRate)).toEqual([12, 12, 12, 6, 4, 4]);
  });
});

describe('fallback clips', () => {
  const input = { description: 'a red fox', prompt: 'waving', seed: 'clip-1', duration: 4, loop: true };

  it.each([
    ['mode fallback', { mode: 'fallback' as const }],
    ['ffmpegPath false', { ffmpegPath: false as const }],
    ['a missing ffmpegPath', { ffmpegPath: '/nonexistent/ffmpeg' }],
  ])('are served, valid, small and logged once with %s', async (_name, opts) => {
    const lines: string[] = [];
    const media = createMediaRenderer({ ...opts, log: (l) => lines.push(l) });
    expect(media.videoMode).toBe('fallback');
    const a = await media.animation(input);
    const b = await media.animation({ ...input, prompt: 'dancing' });
    expectAll(a);
    for (const f of [a.video, a.webm, a.hevc]) expect(f.length).toBeLessThan(8 * 1024);
    // Each generation's clip is its own (a metadata box names it): real generations never share bytes.
    expect(b.video.equals(a.video)).toBe(false);
    expect((await media.animation(input)).video.equals(a.video)).toBe(true);
    const embedded = fallbackClips();
    expect(a.video.subarray(0, embedded.video.length).equals(embedded.video)).toBe(true);
    expect(a.webm.subarray(0, embedded.webm.length).equals(embedded.webm)).toBe(true);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/fallback/);
  });
});

describe('a failing ffmpeg', () => {
  it('serves the fallback clip for that animation and logs why', async () => {
    const lines: string[] = [];
    const media = createMediaRenderer({ ffmpegPath: '/bin/false', log: (l) => lines.push(l) });
    expect(media.videoMode).toBe('ffmpeg');
    const clip = await media.animation({ description: 'red', prompt: 'waving', seed: 's', duration: 1, loop: true });
    expectAll(clip);
    expect(lines.join('\n')).toMatch(/ffmpeg failed/);
  });
});

describe('video placeholders', () => {
  const media = createMediaRenderer({ mode: 'fallback' });

  it('are tiny valid files of each format', () => {
    const mp4 = media.placeholder('mp4');
    const webm = media.placeholder('webm');
    const mov = media.placeholder('mov');
    for (const f of [mp4, webm, mov]) expect(f.length).toBeLessThan(2048);
    expectMp4(mp4);
    expectWebm(webm);
    expectMov(mov);
  });
});
