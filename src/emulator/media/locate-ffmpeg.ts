/** Finds an ffmpeg binary: an explicit path, the one shipped in @ffmpeg-installer/ffmpeg, or one on PATH. */
import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The outcome of the search: a usable path, or why there is none. */
export type FfmpegLocation = { path: string; reason?: undefined } | { path: null; reason: string };

const executable = (p: string): boolean => {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** Locates ffmpeg; `explicit` (a path) wins, `false` disables video encoding. */
export function locateFfmpeg(explicit?: string | false): FfmpegLocation {
  if (explicit === false) return { path: null, reason: 'ffmpeg disabled by configuration' };
  if (explicit !== undefined) {
    return executable(explicit) ? { path: explicit } : { path: null, reason: `ffmpeg not executable at ${explicit}` };
  }
  try {
    const shipped = (createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string }).path;
    if (executable(shipped)) return { path: shipped };
  } catch {
    // the package throws (a string) when its platform binary is missing; PATH is the last resort
  }
  const bin = process.platform === 'win32' ? 'ffmpeg.exe' : 'ffmpeg';
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter)) {
    if (dir && executable(path.join(dir, bin))) return { path: path.join(dir, bin) };
  }
  return { path: null, reason: 'no ffmpeg found (neither the optional dependency @ffmpeg-installer/ffmpeg nor one on PATH)' };
}
