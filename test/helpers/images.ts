/** Small real image files for upload tests: PNGs made with pngjs, written as bytes into a project. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PNG } from 'pngjs';

/** An 8×8 PNG whose colour comes from `seed` (different seeds, different bytes). */
export function pngBytes(seed = 1): Buffer {
  const png = new PNG({ width: 8, height: 8 });
  for (let i = 0; i < png.data.length; i += 4) {
    png.data[i] = (seed * 37) % 256;
    png.data[i + 1] = (seed * 91 + i) % 256;
    png.data[i + 2] = (seed * 13) % 256;
    png.data[i + 3] = 255;
  }
  return PNG.sync.write(png);
}

/** Writes bytes at a project-relative path (folders made). */
export async function writeBytes(projectDir: string, rel: string, bytes: Uint8Array): Promise<void> {
  const abs = path.join(projectDir, ...rel.split('/'));
  await mkdir(path.dirname(abs), { recursive: true });
  await writeFile(abs, bytes);
}

/** The same bytes with one byte changed inside a chunk's data (still a PNG by its signature). */
export function oneByteChanged(bytes: Buffer): Buffer {
  const out = Buffer.from(bytes);
  const at = out.length - 5;
  out[at] = out[at]! ^ 0xff;
  return out;
}
