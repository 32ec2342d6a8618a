/** MIME types by file extension, and what a media probe reads from a file's headers. */
import { posix } from 'node:path';

/** What the headers of an image or a video say: pixel size, and length in seconds for videos. */
export interface MediaInfo {
  width?: number;
  height?: number;
  /** Seconds, rounded to the millisecond. */
  duration?: number;
}

const MIME: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  svg: 'image/svg+xml',
  ico: 'image/x-icon',
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  webm: 'video/webm',
  mov: 'video/quicktime',
};

/** The MIME type of a path by its extension; `application/octet-stream` when unknown. */
export function mimeOf(path: string): string {
  return MIME[posix.extname(path).slice(1).toLowerCase()] ?? 'application/octet-stream';
}
