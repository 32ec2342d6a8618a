/** Deterministic ids, slugs and hashes: a seeded run produces the same ids and URLs every time. */
import { createHash } from 'node:crypto';

/** Hex SHA-256 of the given parts. */
export function sha256Hex(...parts: Array<string | Buffer>): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\u0000');
  return h.digest('hex');
}

/** Hex SHA-256 of one buffer (what the CDN's ETag and asset sha256 are). */
export function bytesSha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A UUID-shaped id derived from the seed and a counter. */
export function seededUuid(seed: number, counter: number): string {
  const h = sha256Hex('id', String(seed), String(counter));
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A number in [0, 1) derived from the parts (stable per input, unlike a stream). */
export function unitHash(...parts: string[]): number {
  return parseInt(sha256Hex(...parts).slice(0, 12), 16) / 2 ** 48;
}

/** URL- and file-safe slug of a display name. */
export function slugify(name: string, fallback: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/g, '');
  return s || fallback;
}

/** Seeded stream of floats in [0, 1) (mulberry32), for per-request fault draws. */
export { seededRandom as mulberry32 } from './media/seed-hash.js';
