/**
 * Marks media with what made it. Real generations never share bytes, and clients may rely on that
 * (masko-sync tells placeholders from files by it), so the emulator's files must not either: fallbacks
 * are the same pixels for every generation, and rendered files of one collection draw the same
 * character, so each gets a metadata element the players ignore, naming its generation.
 */
import { crc32 } from 'node:zlib';
import type { AnimationFiles } from './types.js';

/** A PNG with a `tEXt` chunk (`masko-emulator`: `text`) before IEND. */
export function stampPng(png: Buffer, text: string): Buffer {
  const iend = png.length - 12;
  const data = Buffer.from(`masko-emulator\0${text}`, 'latin1');
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write('tEXt', 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return Buffer.concat([png.subarray(0, iend), out, png.subarray(iend)]);
}

/** An MP4/MOV with a top-level `free` box at the end (ISO BMFF readers skip it). */
export function stampIsoBmff(file: Buffer, text: string): Buffer {
  const data = Buffer.from(`masko-emulator:${text}`, 'utf8');
  const box = Buffer.alloc(8 + data.length);
  box.writeUInt32BE(box.length, 0);
  box.write('free', 4, 'latin1');
  data.copy(box, 8);
  return Buffer.concat([file, box]);
}

/** A WebM with an EBML Void element at the end (Matroska readers skip it at any level). */
export function stampWebm(file: Buffer, text: string): Buffer {
  const data = Buffer.from(`masko-emulator:${text}`, 'utf8').subarray(0, 126);
  return Buffer.concat([file, Buffer.from([0xec, 0x80 | data.length]), data]);
}

/** The three fallback clips, each marked with `text`. */
export function stampClips(clips: AnimationFiles, text: string): AnimationFiles {
  return { video: stampIsoBmff(clips.video, text), webm: stampWebm(clips.webm, text), hevc: stampIsoBmff(clips.hevc, text) };
}
