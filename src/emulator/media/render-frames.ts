/** Animation frames: the mascot moving (and changing pose for transitions), as raw RGBA for ffmpeg. */
import { motionAt, poseAt } from './animate.js';
import { lookFor } from './look.js';
import { sceneSvg } from './mascot-svg.js';
import { poseFor } from './pose.js';
import { svgToRgba } from './rasterize.js';
import type { ClipFrames } from './encode-video.js';
import type { AnimationInput } from './types.js';

/** Frame size and rate: small and modest so a clip renders well under a second. */
export const FRAME_SIZE = 256;
export const FPS = 12;

/** Renders every frame of a clip twice: with background (mp4, mov) and transparent (webm). */
export async function renderFrames(input: AnimationInput, size = FRAME_SIZE, fps = FPS): Promise<ClipFrames> {
  const look = lookFor(input);
  const end = input.endPrompt === undefined ? undefined : poseFor(input.endPrompt, input.description);
  const duration = Math.max(1 / fps, input.duration);
  const count = Math.max(1, Math.round(duration * fps));
  // looping motion repeats frames; identical SVG text is rendered once
  const cache = new Map<string, Buffer>();
  const raster = (svg: string): Buffer => {
    let px = cache.get(svg);
    if (!px) cache.set(svg, (px = svgToRgba(svg, size)));
    return px;
  };
  const opaque: Buffer[] = [];
  const transparent: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const t = i / fps;
    const pose = poseAt(look.pose, end, t, duration);
    const scene = { ...look, pose, motion: motionAt(pose.motion, t, duration), phase: t / duration };
    opaque.push(raster(sceneSvg({ ...scene, background: true })));
    transparent.push(raster(sceneSvg({ ...scene, background: false })));
    // let the server breathe between frames of long clips
    if (i % 12 === 11) await new Promise<void>((r) => setImmediate(r));
  }
  return { size, fps, opaque, transparent };
}
