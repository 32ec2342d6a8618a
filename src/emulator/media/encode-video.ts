/** Encodes raw RGBA frames to MP4 (H.264), WebM (VP9 + alpha) and MOV (HEVC) with ffmpeg, byte-for-byte reproducibly. */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { readWebmFrames, writeAlphaWebm } from './webm-alpha.js';
import { withScratchDir } from './scratch-dir.js';

/** Frames of one clip (straight RGBA): opaque ones (background drawn) and transparent ones (alpha of the WebM). */
export interface ClipFrames {
  size: number;
  fps: number;
  opaque: Buffer[];
  transparent: Buffer[];
}

/** The three encoded files. */
export interface EncodedClip {
  video: Buffer;
  webm: Buffer;
  hevc: Buffer;
}

// no muxer version strings, creation times or random segment UIDs; one thread so rate control never depends on core count
const REPRODUCIBLE = ['-fflags', '+bitexact', '-flags:v', '+bitexact', '-map_metadata', '-1', '-threads', '1'];

const H264 = ['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-preset', 'ultrafast', '-movflags', '+faststart'];
// info=0 drops x265's SEI, which records the CPU's feature flags and so differs between machines
const HEVC = ['-c:v', 'libx265', '-pix_fmt', 'yuv420p', '-preset', 'ultrafast', '-crf', '30', '-tag:v', 'hvc1',
  '-x265-params', 'log-level=error:info=0:pools=1:frame-threads=1', '-movflags', '+faststart'];
// -pix_fmt is chosen per stream below (yuv420p for the split colour/alpha encodes, yuva420p for ffmpeg's own alpha)
const VP9 = ['-c:v', 'libvpx-vp9', '-b:v', '0', '-crf', '40', '-deadline', 'realtime', '-cpu-used', '8'];

/** Encodes a clip; rejects with ffmpeg's stderr when it fails. `small` trades quality for size (embedded clips). */
export async function encodeClip(ffmpeg: string, frames: ClipFrames, small = false): Promise<EncodedClip> {
  const h264Args = small ? [...H264, '-crf', '38'] : H264;
  const hevcArgs = small ? [...HEVC, '-crf', '40'] : HEVC;
  const vp9Args = small ? [...VP9, '-crf', '55'] : VP9;
  return withScratchDir('masko-media-', async (dir) => {
    const file = (name: string): string => path.join(dir, name);
    const alphaFrames = frames.transparent.map((f) => alphaAsLuma(f, frames.size));
    await Promise.all([
      run(ffmpeg, frames, 'rgba', frames.opaque, [...h264Args, ...REPRODUCIBLE, '-f', 'mp4', file('clip.mp4'), ...hevcArgs, ...REPRODUCIBLE, '-f', 'mov', file('clip.mov')]),
      // the colour of the WebM is the opaque frame: edges blend into the background, not into black
      run(ffmpeg, frames, 'rgba', frames.opaque, [...vp9Args, '-pix_fmt', 'yuv420p', ...REPRODUCIBLE, '-f', 'webm', file('colour.webm')]),
      run(ffmpeg, frames, 'yuv420p', alphaFrames, [...vp9Args, '-pix_fmt', 'yuv420p', ...REPRODUCIBLE, '-f', 'webm', file('alpha.webm')]),
    ]);
    const [video, hevc, colour, alpha] = await Promise.all(['clip.mp4', 'clip.mov', 'colour.webm', 'alpha.webm'].map((n) => readFile(file(n))));
    let webm: Buffer;
    try {
      webm = writeAlphaWebm({ width: frames.size, height: frames.size, fps: frames.fps, colour: readWebmFrames(colour!), alpha: readWebmFrames(alpha!) });
    } catch {
      // streams that do not pair up (should not happen with a fixed GOP): let ffmpeg code the alpha itself, slowly
      await run(ffmpeg, frames, 'rgba', frames.transparent, [...vp9Args, '-pix_fmt', 'yuva420p', ...REPRODUCIBLE, '-f', 'webm', file('clip.webm')]);
      webm = await readFile(file('clip.webm'));
    }
    return { video: video!, webm, hevc: hevc! };
  });
}

/** A yuv420p frame whose luma is the RGBA frame's alpha and whose chroma is neutral, as libvpx codes alpha. */
export function alphaAsLuma(rgba: Buffer, size: number): Buffer {
  const px = size * size;
  const out = Buffer.alloc(px + px / 2, 128);
  for (let i = 0; i < px; i++) out[i] = rgba[i * 4 + 3]!;
  return out;
}

/**
 * One encode, started once more if a signal stopped it: a signal sent to the caller's group while the
 * encoder is being spawned (before it leaves the group) still reaches it, and a Ctrl-C at the start of
 * a clip then made the emulator serve its fallback clip for the job.
 */
async function run(ffmpeg: string, clip: ClipFrames, pixFmt: 'rgba' | 'yuv420p', frames: Buffer[], outputArgs: string[]): Promise<void> {
  try {
    await runOnce(ffmpeg, clip, pixFmt, frames, outputArgs);
  } catch (err) {
    if (!(err instanceof StoppedBySignal)) throw err;
    await runOnce(ffmpeg, clip, pixFmt, frames, outputArgs);
  }
}

class StoppedBySignal extends Error {}

function runOnce(ffmpeg: string, clip: ClipFrames, pixFmt: 'rgba' | 'yuv420p', frames: Buffer[], outputArgs: string[]): Promise<void> {
  const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', pixFmt,
    '-s', `${clip.size}x${clip.size}`, '-r', String(clip.fps), '-i', 'pipe:0', ...outputArgs];
  return new Promise((resolve, reject) => {
    // In its own process group: a terminal's Ctrl-C goes to the whole foreground group, and an encoder
    // killed by it made the embedded emulator serve its fallback clip for a job the resumed sync then
    // locked for good. The emulator's owner decides when to stop; ffmpeg ends on its stdin closing.
    const child = spawn(ffmpeg, args, { stdio: ['pipe', 'ignore', 'pipe'], detached: process.platform !== 'win32' });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else if (signal !== null) reject(new StoppedBySignal(`ffmpeg was stopped by ${signal}`));
      else reject(new Error(`ffmpeg exited with ${code}: ${stderr.trim()}`));
    });
    // a dying ffmpeg closes its stdin; the exit code above carries the real error
    child.stdin.on('error', () => undefined);
    void writeAll(child.stdin, frames);
  });
}

async function writeAll(stdin: Writable, frames: Buffer[]): Promise<void> {
  for (const frame of frames) {
    if (stdin.destroyed) return;
    if (!stdin.write(frame)) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          stdin.off('drain', done).off('close', done);
          resolve();
        };
        stdin.on('drain', done).on('close', done);
      });
    }
  }
  stdin.end();
}
