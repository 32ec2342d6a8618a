/**
 * What Masko's upload takes, checked before anything is sent: PNG, JPEG or WebP (by their magic
 * bytes, not the file name) up to 10 MB. Four fixed signatures: a library would add nothing.
 */

/** The image types Masko's upload takes. */
export type UploadType = 'png' | 'jpeg' | 'webp';

/** The most Masko's upload takes, in bytes (10 MB). */
export const UPLOAD_LIMIT_BYTES = 10 * 1024 * 1024;

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The type the bytes are, or undefined when they are none of PNG, JPEG, WebP. */
export function uploadTypeOf(bytes: Uint8Array): UploadType | undefined {
  if (bytes.length >= 8 && PNG.every((b, i) => bytes[i] === b)) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'webp';
  return undefined;
}

/** What the bytes look like instead, for messages ("a GIF image", "text"). */
export function describeBytes(bytes: Uint8Array): string {
  if (bytes.length === 0) return 'an empty file';
  const head = ascii(bytes, 0, 6);
  if (head.startsWith('GIF8')) return 'a GIF image';
  if (head.startsWith('<svg') || head.startsWith('<?xml')) return 'an SVG (text)';
  if (head.startsWith('%PDF')) return 'a PDF';
  if (ascii(bytes, 4, 8) === 'ftyp') return 'an HEIC/AVIF or video file';
  const sample = bytes.subarray(0, 64);
  return sample.every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127)) ? 'text' : 'a file of another kind';
}

/** The problem with bytes as an upload, or undefined when they are fine. */
export function uploadProblem(bytes: Uint8Array): { code: 'not_image' | 'too_large'; message: string } | undefined {
  if (bytes.length > UPLOAD_LIMIT_BYTES) return { code: 'too_large', message: `is ${megabytes(bytes.length)}; Masko's upload takes at most 10 MB` };
  if (!uploadTypeOf(bytes)) return { code: 'not_image', message: `is ${describeBytes(bytes)}, not a PNG, JPEG or WebP image` };
  return undefined;
}

/** The MIME type of an upload type. */
export function mimeOf(type: UploadType): string {
  return type === 'png' ? 'image/png' : type === 'jpeg' ? 'image/jpeg' : 'image/webp';
}

function megabytes(n: number): string {
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, Math.min(end, bytes.length)));
}
