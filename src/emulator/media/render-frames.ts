/** Animation frames: the mascot moving (and changing pose for transitions), as raw RGBA for ffmpeg. */
import { motionAt, poseAt } from './animate.js';
import { lookFor } from './look.js';
import { sceneSvg } from './mascot-svg.js';
import { poseFor } from './pose.js';
import { svgToRgba } from './rasterize.js';
import type { ClipFrames } from './encode-video.js';
import type { AnimationInput } from './types.js';

/** Frame size: small, so a clip renders in about a second at most. */
export const FRAME_SIZE = 256;

/** Frame rate for a clip: 12 fps up to 4 s, then fewer (about 48 frames, at least 4 fps) so long clips stay fast. */
export function frameRate(duration: number): number {
  return Math.min(12, Math.max(4, Math.round(48 / duration)));
}

/** Renders every frame of a clip twice: with background (mp4, mov) and transparent (webm). */
export async function renderFrames(input: AnimationInput, size = FRAME_SIZE, fps = frameRate(input.duration)): Promise<ClipFrames> {
  const look = lookFor(input);
  const end = input.endPrompt === undefined ? undefined : poseFor(input.endPrompt, input.description);
  const duration = Math.max(1 / fps, input.duration);
  const count = Math.max(1, Math.round(duration * fps));
  // looping motion repeats frames; identical SVG text is rendered once, distinct ones in parallel
  const cache = new Map<string, Promise<Buffer>>();
  const raster = (svg: string): Promise<Buffer> => {
    let px = cache.get(svg);
    if (!px) cache.set(svg, (px = svgToRgba(svg, size)));
    return px;
  };
  const opaque: Promise<Buffer>[] = [];
  const transparent: Promise<Buffer>[] = [];
  for (let i = 0; i < count; i++) {
    const t = i / fps;
    const pose = poseAt(look.pose, end, t, duration);
    const scene = { ...look, pose, motion: motionAt(pose.motion, t, duration), phase: t / duration };
    opaque.push(raster(sceneSvg({ ...scene, background: true })));
    transparent.push(raster(sceneSvg({ ...scene, background: false })));
  }
  return { size, fps, opaque: await Promise.all(opaque), transparent: await Promise.all(transparent) };
}
