/** The static contact sheet: `<output.dir>/index.html` with relative links, for file:// and any static host. */
import { writeIfChanged } from '../lockfile/atomic-write.js';
import { posix } from 'node:path';
import type { Lockfile } from '../model/lock.js';
import type { Manifest } from '../model/manifest.js';
import { resolveInside } from '../outputs/safe-path.js';
import { cardsFrom } from './cards.js';
import { renderPage, subtitleOf } from './render.js';

/** File name of the contact sheet inside output.dir. */
export const GALLERY_FILE = 'index.html';

/** The contact sheet's HTML (deterministic: no dates, sorted as the manifest). Links are relative to output.dir. */
export function galleryHtml(manifest: Manifest, lock: Lockfile): string {
  const cards = cardsFrom(manifest, lock);
  const title = manifest.collection.kind === 'define' ? manifest.collection.name : 'Mascot assets';
  const href = (p: string) => posix.relative(manifest.output.dir, p).split('/').map(encodeURIComponent).join('/');
  return renderPage({ title, subtitle: subtitleOf(cards), cards, href });
}

/** Writes the contact sheet when its content changed; returns its project-relative path, or undefined when unchanged. */
export async function writeGallery(projectDir: string, manifest: Manifest, lock: Lockfile): Promise<string | undefined> {
  const rel = posix.join(manifest.output.dir, GALLERY_FILE);
  const abs = await resolveInside(projectDir, rel);
  const html = galleryHtml(manifest, lock);
  return (await writeIfChanged(abs, html)) ? rel : undefined;
}
