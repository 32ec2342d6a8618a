/** How an asset's files are named on disk: by id and asset key (pure). */
import { parseVariantKey } from './variant-keys.js';

/** Keys with a fixed file name; any other key becomes `<id>-<key>.<ext>`. */
const FIXED: Record<string, (id: string) => string> = {
  image: (id) => `${id}.png`,
  transparent_image: (id) => `${id}-transparent.png`,
  video: (id) => `${id}.mp4`,
  webm: (id) => `${id}.webm`,
  hevc: (id) => `${id}.mov`,
};

/**
 * The file name of asset key `key` of asset `id` (`ext` without the dot, used for open keys). A
 * variant key is named as its base file with `-<size>` before the extension, and its format as the
 * extension: `image@480` → `wave-480.png`, `transparent_image@480.webp` → `wave-transparent-480.webp`.
 */
export function fileNameFor(id: string, key: string, ext: string): string {
  const variant = parseVariantKey(key);
  if (variant) {
    const base = plainName(id, variant.base, ext);
    const dot = base.lastIndexOf('.');
    return `${base.slice(0, dot)}${variant.size !== undefined ? `-${variant.size}` : ''}.${variant.format ?? base.slice(dot + 1)}`;
  }
  return plainName(id, key, ext);
}

function plainName(id: string, key: string, ext: string): string {
  const fixed = Object.hasOwn(FIXED, key) ? FIXED[key] : undefined;
  return fixed ? fixed(id) : `${id}-${key}.${ext}`;
}

/** The asset keys each kind is known to return, with their file extensions (keys stay open: see the API). */
export const KNOWN_KEYS: Record<string, Array<[key: string, ext: string]>> = {
  image: [['image', 'png'], ['transparent_image', 'png']],
  edit: [['image', 'png'], ['transparent_image', 'png']],
  animation: [['image', 'png'], ['video', 'mp4'], ['webm', 'webm'], ['hevc', 'mov']],
  animate: [['video', 'mp4'], ['webm', 'webm'], ['hevc', 'mov']],
  transition: [['video', 'mp4'], ['webm', 'webm'], ['hevc', 'mov']],
  reverse: [['video', 'mp4'], ['webm', 'webm'], ['hevc', 'mov']],
  logo: [['logo', 'png'], ['logo_transparent', 'png'], ['icon', 'png'], ['favicon', 'png']],
};
