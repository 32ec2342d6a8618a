/** Reads pixel size (images, videos) and duration (videos) from a file's headers, never the whole file. */
import { open, type FileHandle } from 'node:fs/promises';
import { EBML_HEAD_BYTES, probeEbml } from './probe-ebml.js';
import { probeIsoBmff } from './probe-isobmff.js';
import type { MediaInfo } from './media-types.js';

/** image-size needs at most this much of an image (the library's own bound for its file reader). */
const IMAGE_HEAD_BYTES = 512 * 1024;

/** Reads a file's media info by its MIME type; `{}` for other types and for files whose headers do not parse. */
export async function probeMedia(absPath: string, mime: string): Promise<MediaInfo> {
  const fh = await open(absPath, 'r');
  try {
    return await probeOpenFile(fh, (await fh.stat()).size, mime);
  } finally {
    await fh.close();
  }
}

/** As probeMedia, through a handle open for reading on a file of `size` bytes (a download still holds its own). */
export async function probeOpenFile(fh: FileHandle, size: number, mime: string): Promise<MediaInfo> {
  try {
    if (mime === 'video/mp4' || mime === 'video/quicktime') return await probeIsoBmff(fh, size);
    if (mime === 'video/webm') return probeEbml(await head(fh, Math.min(size, EBML_HEAD_BYTES)));
    if (mime.startsWith('image/')) {
      // Loaded on the first image (its 26 modules cost every command's start-up otherwise).
      const { imageSize } = await import('image-size');
      const { width, height } = imageSize(await head(fh, Math.min(size, IMAGE_HEAD_BYTES)));
      return width > 0 && height > 0 ? { width, height } : {};
    }
    return {};
  } catch {
    // A truncated or foreign file: the index simply carries no dimensions for it.
    return {};
  }
}

async function head(fh: FileHandle, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, 0);
  return buf.subarray(0, bytesRead);
}
