/**
 * Pixel size and duration of a WebM (Matroska) file from its first elements: Segment → Info
 * (TimecodeScale, Duration) and Tracks → TrackEntry (TrackType 1) → Video (PixelWidth, PixelHeight).
 * Hand-written because the npm EBML parsers are stream decoders for whole files (`ebml` 3 still
 * pulls debug 3.1) and these four numbers sit in the first kilobytes, before the first Cluster.
 */
import type { MediaInfo } from './media-types.js';

const ID = {
  ebml: 0x1a45dfa3,
  segment: 0x18538067,
  info: 0x1549a966,
  timecodeScale: 0x2ad7b1,
  duration: 0x4489,
  tracks: 0x1654ae6b,
  trackEntry: 0xae,
  trackType: 0x83,
  video: 0xe0,
  pixelWidth: 0xb0,
  pixelHeight: 0xba,
  cluster: 0x1f43b675,
} as const;

/** How much of the file is read: Info and Tracks come long before this in real files. */
export const EBML_HEAD_BYTES = 256 * 1024;

interface Element {
  id: number;
  /** Offset of the content. */
  start: number;
  /** End of the content; the buffer's end when the size is unknown or runs past it. */
  end: number;
  unknownSize: boolean;
}

/** Reads size and duration from the head of a WebM file; `{}` when it is not EBML or has neither. */
export function probeEbml(head: Buffer): MediaInfo {
  let offset = 0;
  const first = element(head, offset, head.length);
  if (!first || first.id !== ID.ebml) return {};
  offset = first.end;
  const segment = element(head, offset, head.length);
  if (!segment || segment.id !== ID.segment) return {};
  let timecodeScale = 1_000_000;
  let rawDuration: number | undefined;
  let size: { width: number; height: number } | undefined;
  for (let at = segment.start; at < segment.end; ) {
    const child = element(head, at, segment.end);
    if (!child || child.id === ID.cluster || child.unknownSize) break;
    if (child.id === ID.info) {
      for (const e of elements(head, child.start, child.end)) {
        if (e.id === ID.timecodeScale) timecodeScale = uint(head, e) || timecodeScale;
        if (e.id === ID.duration) rawDuration = float(head, e);
      }
    } else if (child.id === ID.tracks && !size) {
      size = videoSize(head, child);
    }
    if (rawDuration !== undefined && size) break;
    at = child.end;
  }
  const info: MediaInfo = {};
  if (size) Object.assign(info, size);
  if (rawDuration !== undefined && rawDuration > 0) info.duration = Math.round((rawDuration * timecodeScale) / 1e6) / 1000;
  return info;
}

function videoSize(buf: Buffer, tracks: Element): { width: number; height: number } | undefined {
  for (const entry of elements(buf, tracks.start, tracks.end)) {
    if (entry.id !== ID.trackEntry) continue;
    let type: number | undefined;
    let width: number | undefined;
    let height: number | undefined;
    for (const e of elements(buf, entry.start, entry.end)) {
      if (e.id === ID.trackType) type = uint(buf, e);
      if (e.id !== ID.video) continue;
      for (const v of elements(buf, e.start, e.end)) {
        if (v.id === ID.pixelWidth) width = uint(buf, v);
        if (v.id === ID.pixelHeight) height = uint(buf, v);
      }
    }
    if (type === 1 && width && height) return { width, height };
  }
  return undefined;
}

function* elements(buf: Buffer, start: number, end: number): Generator<Element> {
  for (let at = start; at < end; ) {
    const e = element(buf, at, end);
    if (!e) return;
    yield e;
    if (e.unknownSize) return;
    at = e.end;
  }
}

/** The element at `offset`: an ID vint (marker kept), then a size vint (marker dropped; all ones = unknown). */
function element(buf: Buffer, offset: number, limit: number): Element | undefined {
  const id = vint(buf, offset, limit, 4);
  if (!id) return undefined;
  const size = vint(buf, offset + id.length, limit, 8);
  if (!size) return undefined;
  const start = offset + id.length + size.length;
  const end = size.allOnes ? limit : Math.min(start + size.value, limit);
  return { id: id.raw, start, end, unknownSize: size.allOnes };
}

/**
 * A variable-length integer: `raw` with the length marker (IDs, at most 4 bytes), `value` without it.
 * Summed byte by byte from the masked first byte, so 8-byte sizes (ffmpeg writes them) stay exact.
 */
function vint(buf: Buffer, offset: number, limit: number, maxLength: number): { raw: number; value: number; length: number; allOnes: boolean } | undefined {
  if (offset >= limit) return undefined;
  const first = buf[offset]!;
  const length = first === 0 ? 9 : 8 - Math.floor(Math.log2(first));
  if (length > maxLength || offset + length > limit) return undefined;
  const mask = 0xff >> length;
  let raw = first;
  let value = first & mask;
  let allOnes = value === mask;
  for (let i = 1; i < length; i++) {
    const byte = buf[offset + i]!;
    raw = raw * 256 + byte;
    value = value * 256 + byte;
    allOnes &&= byte === 0xff;
  }
  return { raw, value, length, allOnes };
}

function uint(buf: Buffer, e: Element): number {
  let v = 0;
  for (let i = e.start; i < e.end; i++) v = v * 256 + buf[i]!;
  return v;
}

function float(buf: Buffer, e: Element): number | undefined {
  const length = e.end - e.start;
  if (length === 4) return buf.readFloatBE(e.start);
  if (length === 8) return buf.readDoubleBE(e.start);
  return undefined;
}
