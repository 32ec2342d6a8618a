/**
 * Images brought from outside Masko: a project file or a URL given where an asset id could be
 * (`source`, `end`) or in `collection.references`. A string is a file path when it holds a "/" or
 * ends in an image extension: no asset id can (ids are [a-z0-9_-] only).
 */
import type { ImageSource } from '../model/manifest.js';
import { checkOutputPath } from './output-path.js';

/** Extensions Masko's upload takes (PNG, JPEG, WebP). */
export const UPLOAD_EXTENSIONS: readonly string[] = ['png', 'jpg', 'jpeg', 'webp'];

const IMAGE_LIKE = /\.(png|jpe?g|webp|gif|bmp|tiff?|svg|heic|avif)$/i;

/** Whether a `source`/`end` string names a file rather than an asset id. */
export function looksLikePath(value: string): boolean {
  return value.includes('/') || value.includes('\\') || IMAGE_LIKE.test(value);
}

/** The verdict on a file path written as a source: its normalised form, or what is wrong and how to fix it. */
export type SourcePathCheck = { ok: true; path: string } | { ok: false; message: string; hint: string };

/** Checks a source path: relative, inside the project, with an extension Masko's upload takes. */
export function checkSourcePath(value: string): SourcePathCheck {
  const shape = checkOutputPath(value);
  if (!shape.ok) return { ok: false, message: `the file "${value}": ${shape.message.replace(`"${value}" `, '')}`, hint: 'Name a file inside the project folder, relative to masko.yaml, e.g. ./art/mascot.png.' };
  if (shape.normalised === '.') return { ok: false, message: `"${value}" names no file`, hint: 'Name an image file, e.g. ./art/mascot.png.' };
  const ext = /\.([^./]+)$/.exec(shape.normalised)?.[1]?.toLowerCase();
  if (ext === undefined || !UPLOAD_EXTENSIONS.includes(ext)) {
    return { ok: false, message: `"${value}" is not a .png, .jpg, .jpeg or .webp file; Masko's upload takes PNG, JPEG and WebP images`, hint: 'Convert it to PNG (or give {asset_id} for an image already in Masko).' };
  }
  return { ok: true, path: shape.normalised };
}

/** The key an image source has in masko.lock's `uploads` (the normalised path, or the URL). */
export function sourceKey(source: ImageSource): string {
  return source.kind === 'file' ? source.path : source.url;
}

/** How a source reads in messages. */
export function describeSource(source: ImageSource): string {
  return source.kind === 'file' ? source.path : source.url;
}
