/**
 * Size and format variants of an asset's files, named by key (pure): `image@480` is the image 480 px
 * wide, `image.webp` the image as WebP, `image@480.webp` both. The API's own keys never hold `@` or
 * `.` (the client keeps only [A-Za-z0-9_-] of them), so a variant key is never mistaken for one.
 */
import type { Asset, AssetKind, ImageFormat } from '../model/manifest.js';

/** What a variant key says: the file it is a variant of, its width, its format. */
export interface VariantKey {
  base: string;
  size?: number;
  format?: ImageFormat;
}

const VARIANT = /^([A-Za-z0-9_-]+)(?:@([1-9][0-9]{0,3}))?(?:\.(webp|avif))?$/;

/** The parts of a variant key, or undefined for a plain key (or anything else). */
export function parseVariantKey(key: string): VariantKey | undefined {
  const m = VARIANT.exec(key);
  if (!m || (m[2] === undefined && m[3] === undefined)) return undefined;
  return { base: m[1]!, ...(m[2] !== undefined ? { size: Number(m[2]) } : {}), ...(m[3] !== undefined ? { format: m[3] as ImageFormat } : {}) };
}

/** `image`, 480, `webp` → `image@480.webp`. */
export function variantKey(base: string, size?: number, format?: ImageFormat): string {
  return `${base}${size !== undefined ? `@${size}` : ''}${format !== undefined ? `.${format}` : ''}`;
}

/**
 * Files each kind has size variants of. A logo pack's icon and favicon are small fixed sizes
 * already, so only its two full-size logos are resized.
 */
export const SIZED_KEYS: Record<AssetKind, readonly string[]> = {
  image: ['image', 'transparent_image'],
  edit: ['image', 'transparent_image'],
  animation: ['image', 'video', 'webm', 'hevc'],
  animate: ['video', 'webm', 'hevc'],
  transition: ['video', 'webm', 'hevc'],
  reverse: ['video', 'webm', 'hevc'],
  logo: ['logo', 'logo_transparent'],
};

/** PNG files each kind has web formats of (with their size variants, where they have them). */
export const FORMAT_KEYS: Record<AssetKind, readonly string[]> = {
  image: ['image', 'transparent_image'],
  edit: ['image', 'transparent_image'],
  animation: ['image'],
  animate: [],
  transition: [],
  reverse: [],
  logo: ['logo', 'logo_transparent', 'icon', 'favicon'],
};

/**
 * Every variant key `asset` wants of the files it has (`baseKeys`: the plain keys the lock records,
 * or the keys its kind is known to return), sorted.
 */
export function wantedVariants(asset: Pick<Asset, 'kind' | 'sizes' | 'formats'>, baseKeys: Iterable<string>): string[] {
  const have = new Set(baseKeys);
  const out: string[] = [];
  const sizes = asset.sizes ?? [];
  const formats = asset.formats ?? [];
  for (const base of SIZED_KEYS[asset.kind]) {
    if (!have.has(base)) continue;
    for (const size of sizes) out.push(variantKey(base, size));
  }
  for (const base of FORMAT_KEYS[asset.kind]) {
    if (!have.has(base)) continue;
    const sized = SIZED_KEYS[asset.kind].includes(base);
    for (const format of formats) {
      out.push(variantKey(base, undefined, format));
      if (sized) for (const size of sizes) out.push(variantKey(base, size, format));
    }
  }
  return out.sort();
}

/** Whether a file key is one `asset` keeps: a plain key always, a variant key only when wanted. */
export function keepsKey(asset: Pick<Asset, 'kind' | 'sizes' | 'formats'>, key: string): boolean {
  const v = parseVariantKey(key);
  if (!v) return true;
  return wantedVariants(asset, [v.base]).includes(key);
}
