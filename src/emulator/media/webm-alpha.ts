/**
 * Joins two VP9 WebM streams — colour, and alpha coded as luma — into one WebM with alpha
 * (BlockAdditional id 1 + AlphaMode 1, the layout ffmpeg and browsers use). The static ffmpeg's own
 * alpha path ignores -cpu-used for the alpha plane and is ~6× slower than two plain encodes.
 */

/** One coded frame of a single-track WebM. */
export interface WebmFrame {
  keyframe: boolean;
  data: Buffer;
}

const ID = {
  EBML: 0x1a45dfa3, Segment: 0x18538067, Cluster: 0x1f43b675, SimpleBlock: 0xa3, BlockGroup: 0xa0,
  Block: 0xa1, ReferenceBlock: 0xfb,
} as const;

/** Reads an EBML variable-size integer; `keepMarker` for element IDs. */
function readVint(buf: Buffer, pos: number, keepMarker: boolean): { value: number; length: number; unknown: boolean } {
  const first = buf[pos];
  if (first === undefined || first === 0) throw new Error(`bad EBML vint at ${pos}`);
  const length = Math.clz32(first) - 23;
  let value = keepMarker ? first : first & ((0x80 >> (length - 1)) - 1);
  let allOnes = value === (0x80 >> (length - 1)) - 1;
  for (let i = 1; i < length; i++) {
    const b = buf[pos + i]!;
    value = value * 256 + b;
    allOnes &&= b === 0xff;
  }
  return { value, length, unknown: !keepMarker && allOnes };
}

/** The video frames of a single-track WebM, in order. */
export function readWebmFrames(buf: Buffer): WebmFrame[] {
  const frames: WebmFrame[] = [];
  const walk = (start: number, end: number): void => {
    let pos = start;
    while (pos < end) {
      const id = readVint(buf, pos, true);
      const size = readVint(buf, pos + id.length, false);
      const body = pos + id.length + size.length;
      const bodyEnd = size.unknown ? end : Math.min(end, body + size.value);
      if (id.value === ID.Segment || id.value === ID.Cluster) walk(body, bodyEnd);
      else if (id.value === ID.SimpleBlock) frames.push(blockFrame(buf.subarray(body, bodyEnd), (buf[body + 3]! & 0x80) !== 0));
      else if (id.value === ID.BlockGroup) frames.push(groupFrame(buf.subarray(body, bodyEnd)));
      pos = bodyEnd;
    }
  };
  walk(0, buf.length);
  return frames;
}

function blockFrame(block: Buffer, keyframe: boolean): WebmFrame {
  if (block[0] !== 0x81 || (block[3]! & 0x06) !== 0) throw new Error('unexpected track number or lacing in WebM block');
  return { keyframe, data: block.subarray(4) };
}

function groupFrame(group: Buffer): WebmFrame {
  let block: Buffer | undefined;
  let referenced = false;
  for (let pos = 0; pos < group.length; ) {
    const id = readVint(group, pos, true);
    const size = readVint(group, pos + id.length, false);
    const body = pos + id.length + size.length;
    if (id.value === ID.Block) block = group.subarray(body, body + size.value);
    if (id.value === ID.ReferenceBlock) referenced = true;
    pos = body + size.value;
  }
  if (!block) throw new Error('WebM BlockGroup without Block');
  return blockFrame(block, !referenced);
}

// ---- writing ----

function sizeVint(n: number): Buffer {
  // all-ones is reserved for "unknown size", hence `- 1`
  let len = 1;
  while (n >= 2 ** (7 * len) - 1) len++;
  const out = Buffer.alloc(len);
  let v = n;
  for (let i = len - 1; i >= 0; i--) {
    out[i] = v % 256;
    v = Math.floor(v / 256);
  }
  out[0]! |= 0x80 >> (len - 1);
  return out;
}

function el(id: number, ...body: Buffer[]): Buffer {
  const idBytes = Buffer.from(id.toString(16).padStart(id > 0xffffff ? 8 : id > 0xffff ? 6 : id > 0xff ? 4 : 2, '0'), 'hex');
  const data = Buffer.concat(body);
  return Buffer.concat([idBytes, sizeVint(data.length), data]);
}

function uint(id: number, n: number, width?: number): Buffer {
  let len = width ?? 1;
  while (width === undefined && n >= 2 ** (8 * len)) len++;
  const b = Buffer.alloc(len);
  b.writeUIntBE(n, 0, len);
  return el(id, b);
}

function float64(id: number, n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeDoubleBE(n, 0);
  return el(id, b);
}

const str = (id: number, s: string): Buffer => el(id, Buffer.from(s, 'latin1'));

/** Writes a WebM with alpha from paired colour and alpha frames (same count, same keyframes). */
export function writeAlphaWebm(o: { width: number; height: number; fps: number; colour: WebmFrame[]; alpha: WebmFrame[] }): Buffer {
  if (o.colour.length !== o.alpha.length || o.colour.some((f, i) => f.keyframe !== o.alpha[i]!.keyframe)) {
    throw new Error('colour and alpha streams do not pair frame for frame');
  }
  const ms = (i: number): number => Math.round((i * 1000) / o.fps);
  const header = el(0x1a45dfa3, uint(0x4286, 1), uint(0x42f7, 1), uint(0x42f2, 4), uint(0x42f3, 8), str(0x4282, 'webm'), uint(0x4287, 2), uint(0x4285, 2));
  const info = el(0x1549a966, uint(0x2ad7b1, 1_000_000), str(0x4d80, 'masko-sync'), str(0x5741, 'masko-sync'), float64(0x4489, ms(o.colour.length)));
  const video = el(0xe0, uint(0xb0, o.width), uint(0xba, o.height), uint(0x53c0, 1));
  const track = el(0xae, uint(0xd7, 1), uint(0x73c5, 1), uint(0x9c, 0), str(0x22b59c, 'und'), str(0x86, 'V_VP9'), uint(0x83, 1), uint(0x23e383, Math.round(1e9 / o.fps)), video);
  const tracks = el(0x1654ae6b, track);
  // a cluster starts at every keyframe (and before the 16-bit relative timecode overflows)
  const clusters: { start: number; keyframe: boolean; body: Buffer[] }[] = [];
  o.colour.forEach((f, i) => {
    const current = clusters[clusters.length - 1];
    if (!current || f.keyframe || ms(i) - current.start > 30_000) clusters.push({ start: ms(i), keyframe: f.keyframe, body: [uint(0xe7, ms(i))] });
    const c = clusters[clusters.length - 1]!;
    const rel = Buffer.alloc(4);
    rel[0] = 0x81;
    rel.writeInt16BE(ms(i) - c.start, 1);
    const group = [el(0xa1, rel, f.data)];
    if (!f.keyframe) group.push(el(0xfb, int16(ms(i - 1) - ms(i))));
    group.push(el(0x75a1, el(0xa6, uint(0xee, 1), el(0xa5, o.alpha[i]!.data))));
    c.body.push(el(0xa0, ...group));
  });
  const clusterBytes = clusters.map((c) => el(0x1f43b675, ...c.body));
  // cues precede the clusters; fixed-width positions make their own size independent of the values
  const cueFor = (offset: number): Buffer[] => {
    const points: Buffer[] = [];
    let pos = offset;
    clusters.forEach((c, i) => {
      if (c.keyframe) points.push(el(0xbb, uint(0xb3, c.start), el(0xb7, uint(0xf7, 1), uint(0xf1, pos, 4))));
      pos += clusterBytes[i]!.length;
    });
    return points;
  };
  const before = info.length + tracks.length;
  const cuesSize = el(0x1c53bb6b, ...cueFor(0)).length;
  const cues = el(0x1c53bb6b, ...cueFor(before + cuesSize));
  return Buffer.concat([header, el(0x18538067, info, tracks, cues, ...clusterBytes)]);
}

function int16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeInt16BE(n, 0);
  return b;
}
