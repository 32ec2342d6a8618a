/** Turns a generation's words and seed into what the mascot looks like. */
import { buildFor, type Build } from './mascot-svg.js';
import { pickPalette, type Palette } from './palette.js';
import { poseFor, type Pose } from './pose.js';
import { hash32 } from './seed-hash.js';
import type { MediaInput } from './types.js';

/** Colours, pose and build of one mascot. */
export interface Look {
  palette: Palette;
  pose: Pose;
  build: Build;
}

/** The look for an input; the prompt decides the pose, both texts the colours, the seed the rest. */
export function lookFor(input: MediaInput): Look {
  return {
    palette: pickPalette(input.description, input.prompt, input.seed),
    pose: poseFor(input.prompt, input.description),
    build: buildFor(hash32('build', input.seed)),
  };
}
