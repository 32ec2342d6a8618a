/** Animation frames: the collection's character moving (and changing pose for transitions), as raw RGBA for ffmpeg. */
import { motionAt, poseAt, transitionAt } from './animate.js';
import { lookFor, lookOf } from './look.js';
import { sceneSvg } from './mascot-svg.js';
import { svgToRgba } from './rasterize.js';
import type { ClipFrames } from './encode-video.js';
import type { AnimationInput } from './types.js';

/** Frame size: small, so a clip renders in about a second at most. */
export const FRAME_SIZE = 256;

/** Frame rate for a clip: 12 fps up to 4 s, then fewer (about 48 frames, at least 4 fps) so long clips stay fast. */
export function frameRate(duration: number): number {
  return Math.min(12, Math.max(4, Math.round(48 / duration)));
}

/** The SVG of every frame, with background (mp4, mov) and transparent (webm). */
export function frameSvgs(input: AnimationInput, fps = frameRate(input.duration)): { opaque: string[]; transparent: string[] } {
  const start = lookFor(input);
  // a transition ends on the same character: only the pose, props and scene come from the end prompt
  const end = input.endPrompt === undefined ? undefined : lookOf(start.character, input.endPrompt, input.seed);
  const duration = Math.max(1 / fps, input.duration);
  const count = Math.max(1, Math.round(duration * fps));
  const opaque: string[] = [];
  const transparent: string[] = [];
  for (let i = 0; i < count; i++) {
    const t = i / fps;
    const pose = poseAt(start.pose, end?.pose, t, duration);
    const now = end !== undefined && transitionAt(t, duration) >= 0.5 ? end : start;
    const scene = { ...now, pose, motion: motionAt(pose.motion, t, duration), phase: t / duration };
    opaque.push(sceneSvg({ ...scene, backdrop: now.background }));
    transparent.push(sceneSvg({ ...scene, backdrop: null }));
  }
  return { opaque, transparent };
}

/** Renders every frame of a clip twice: with background (mp4, mov) and transparent (webm). */
export async function renderFrames(input: AnimationInput, size = FRAME_SIZE, fps = frameRate(input.duration)): Promise<ClipFrames> {
  const svgs = frameSvgs(input, fps);
  // looping motion repeats frames; identical SVG text is rendered once, distinct ones in parallel
  const cache = new Map<string, Promise<Buffer>>();
  const raster = (svg: string): Promise<Buffer> => {
    let px = cache.get(svg);
    if (!px) cache.set(svg, (px = svgToRgba(svg, size)));
    return px;
  };
  return { size, fps, opaque: await Promise.all(svgs.opaque.map(raster)), transparent: await Promise.all(svgs.transparent.map(raster)) };
}
