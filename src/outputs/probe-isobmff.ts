/**
 * Pixel size and duration of an MP4 or MOV from its `moov` box: `mvhd` (timescale, duration) and the
 * video track's `tkhd` (width, height as 16.16 fixed point). Hand-written because the maintained
 * parsers are full demuxers (mp4box.js ships ~1 MB and wants the whole file fed in chunks); these
 * three fields need about sixty lines. Only box headers are read until `moov` is found, so a file
 * whose `moov` sits at the end (no faststart) costs a few small reads, not the whole file.
 */
import type { FileHandle } from 'node:fs/promises';
import type { MediaInfo } from './media-types.js';

/** A `moov` larger than this is not read (real ones are kilobytes; this bounds memory on a hostile file). */
const MAX_MOOV_BYTES = 16 * 1024 * 1024;

/** Reads an ISO BMFF file's size and duration; `{}` when the file has no readable `moov`. */
export async function probeIsoBmff(fh: FileHandle, fileSize: number): Promise<MediaInfo> {
  const header = Buffer.alloc(16);
  for (let offset = 0; offset + 8 <= fileSize; ) {
    const { bytesRead } = await fh.read(header, 0, 16, offset);
    if (bytesRead < 8) break;
    const type = header.toString('latin1', 4, 8);
    let size = header.readUInt32BE(0);
    let headerSize = 8;
    if (size === 1) {
      if (bytesRead < 16) break;
      size = Number(header.readBigUInt64BE(8));
      headerSize = 16;
    } else if (size === 0) {
      size = fileSize - offset;
    }
    if (size < headerSize) break;
    if (type === 'moov') {
      // A moov cut short is a truncated file: no half-read answers.
      if (offset + size > fileSize) return {};
      const length = size - headerSize;
      if (length > MAX_MOOV_BYTES) return {};
      const moov = Buffer.alloc(length);
      await fh.read(moov, 0, length, offset + headerSize);
      return fromMoov(moov);
    }
    offset += size;
  }
  return {};
}

/** Size and duration from the content of a `moov` box. */
export function fromMoov(moov: Buffer): MediaInfo {
  const info: MediaInfo = {};
  for (const box of children(moov, 0, moov.length)) {
    if (box.type === 'mvhd') {
      const duration = mvhdDuration(moov, box.start, box.end);
      if (duration !== undefined) info.duration = duration;
    } else if (box.type === 'trak' && info.width === undefined) {
      const size = videoTrackSize(moov, box.start, box.end);
      if (size) Object.assign(info, size);
    }
  }
  return info;
}

interface Box {
  type: string;
  /** Offset of the content (after the header). */
  start: number;
  end: number;
}

function* children(buf: Buffer, start: number, end: number): Generator<Box> {
  for (let offset = start; offset + 8 <= end; ) {
    let size = buf.readUInt32BE(offset);
    const type = buf.toString('latin1', offset + 4, offset + 8);
    let headerSize = 8;
    if (size === 1) {
      if (offset + 16 > end) return;
      size = Number(buf.readBigUInt64BE(offset + 8));
      headerSize = 16;
    } else if (size === 0) {
      size = end - offset;
    }
    if (size < headerSize || offset + size > end) return;
    yield { type, start: offset + headerSize, end: offset + size };
    offset += size;
  }
}

function mvhdDuration(buf: Buffer, start: number, end: number): number | undefined {
  const version = buf[start];
  // version 1: 8-byte creation and modification times and duration; version 0: 4-byte.
  const [tsAt, durAt, need] = version === 1 ? [start + 20, start + 24, 32] : [start + 12, start + 16, 20];
  if (start + need > end) return undefined;
  const timescale = buf.readUInt32BE(tsAt);
  const duration = version === 1 ? Number(buf.readBigUInt64BE(durAt)) : buf.readUInt32BE(durAt);
  if (timescale === 0 || duration === 0 || duration === 0xffffffff) return undefined;
  return Math.round((duration / timescale) * 1000) / 1000;
}

/** width × height of a track whose handler is `vide` (tkhd's presentation size). */
function videoTrackSize(buf: Buffer, start: number, end: number): { width: number; height: number } | undefined {
  let size: { width: number; height: number } | undefined;
  let isVideo = false;
  for (const box of children(buf, start, end)) {
    if (box.type === 'tkhd') {
      const at = buf[box.start] === 1 ? box.start + 88 : box.start + 76;
      if (at + 8 <= box.end) size = { width: Math.round(buf.readUInt32BE(at) / 65536), height: Math.round(buf.readUInt32BE(at + 4) / 65536) };
    } else if (box.type === 'mdia') {
      for (const inner of children(buf, box.start, box.end)) {
        // hdlr: version/flags (4), pre_defined (4), handler_type (4)
        if (inner.type === 'hdlr' && inner.start + 12 <= inner.end) isVideo = buf.toString('latin1', inner.start + 8, inner.start + 12) === 'vide';
      }
    }
  }
  return isVideo && size && size.width > 0 && size.height > 0 ? size : undefined;
}
