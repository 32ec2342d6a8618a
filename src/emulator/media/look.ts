/**
 * One image's look: the collection's character (from the description, same in every image), what the
 * prompt asks for (pose, props, scene), and a little per-generation variation from the seed (where the
 * eyes look, how high the arms are), as two real generations of one prompt are never quite alike.
 */
import { characterOf, type Character } from './character.js';
import { applyProps, type Props } from './props.js';
import { poseFor, sceneFor, type Pose, type Scene } from './pose.js';
import { seededRandom, hash32 } from './seed-hash.js';
import type { MediaInput } from './types.js';

/** Small per-generation differences that keep the character and the pose recognisable. */
export interface Variation {
  /** pupil offset in view-box units */
  gazeX: number;
  gazeY: number;
  /** degrees added to each arm */
  leftArm: number;
  rightArm: number;
  /** places snowflakes, stars and confetti */
  seed: number;
}

/** Everything one image is drawn from. */
export interface Look {
  character: Character;
  pose: Pose;
  props: Props;
  scene: Scene;
  variation: Variation;
  /** the backdrop colour (the character's, or the scene's) */
  background: string;
}

/** Backdrop of a night scene. */
export const NIGHT_SKY = '#1c2541';

/** The look of an input: the character from description and references, the rest from the prompt and seed. */
export function lookFor(input: MediaInput): Look {
  const character = characterOf(input.references === undefined ? { description: input.description } : { description: input.description, references: input.references });
  return lookOf(character, input.prompt, input.seed);
}

/** The look of a known character for one prompt and seed. */
export function lookOf(character: Character, prompt: string, seed: string): Look {
  const scene = sceneFor(prompt);
  const props = applyProps(character.props, prompt);
  return {
    character,
    pose: holding(poseFor(prompt), props),
    props,
    scene,
    variation: variationFor(seed),
    background: scene.background ?? (scene.night ? NIGHT_SKY : character.background),
  };
}

/** A hanging arm that holds something is raised a little, so the thing shows beside the body. */
function holding(pose: Pose, props: Props): Pose {
  if (props.held === null) return pose;
  if (props.held === 'balloon') return { ...pose, rightArm: Math.max(pose.rightArm, 50) };
  return { ...pose, leftArm: Math.max(pose.leftArm, 50) };
}

/** The seed's variation. */
export function variationFor(seed: string): Variation {
  const h = hash32('variation', seed);
  const rnd = seededRandom(h);
  return { gazeX: rnd() * 8 - 4, gazeY: rnd() * 4 - 2, leftArm: rnd() * 10 - 5, rightArm: rnd() * 10 - 5, seed: h };
}
