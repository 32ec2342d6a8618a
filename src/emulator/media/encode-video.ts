/** Encodes raw RGBA frames to MP4 (H.264), WebM (VP9 + alpha) and MOV (HEVC) with ffmpeg, byte-for-byte reproducibly. */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Writable } from 'node:stream';

/** Frames of one clip: opaque ones (background drawn) and transparent ones (for the alpha WebM). */
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
const VP9 = ['-c:v', 'libvpx-vp9', '-pix_fmt', 'yuva420p', '-b:v', '0', '-crf', '40', '-deadline', 'realtime', '-cpu-used', '8'];

/** Encodes a clip; rejects with ffmpeg's stderr when it fails. */
export async function encodeClip(ffmpeg: string, frames: ClipFrames, small = false): Promise<EncodedClip> {
  // small: the embedded fallback clips trade quality for a few KB each
  const h264Args = small ? [...H264, '-crf', '38'] : H264;
  const hevcArgs = small ? [...HEVC, '-crf', '40'] : HEVC;
  const vp9Args = small ? [...VP9, '-crf', '55'] : VP9;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'masko-media-'));
  try {
    const mp4 = path.join(dir, 'clip.mp4');
    const mov = path.join(dir, 'clip.mov');
    const webm = path.join(dir, 'clip.webm');
    await Promise.all([
      run(ffmpeg, frames, frames.opaque, [...h264Args, ...REPRODUCIBLE, '-f', 'mp4', mp4, ...hevcArgs, ...REPRODUCIBLE, '-f', 'mov', mov]),
      run(ffmpeg, frames, frames.transparent, [...vp9Args, ...REPRODUCIBLE, '-f', 'webm', webm]),
    ]);
    const [video, hevc, webmBytes] = await Promise.all([readFile(mp4), readFile(mov), readFile(webm)]);
    return { video, webm: webmBytes, hevc };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function run(ffmpeg: string, clip: ClipFrames, frames: Buffer[], outputArgs: string[]): Promise<void> {
  const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', 'rgba',
    '-s', `${clip.size}x${clip.size}`, '-r', String(clip.fps), '-i', 'pipe:0', ...outputArgs];
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpeg, args, { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited with ${code}: ${stderr.trim()}`))));
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
