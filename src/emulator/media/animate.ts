/** Frame-by-frame motion of the mascot: a looping bounce/wave/dance, and a pose transition for end prompts. */
import { blendPose, type Pose } from './pose.js';
import type { Motion } from './mascot-svg.js';

/** Base cycle length in seconds per motion style. */
const PERIOD: Record<Pose['motion'], number> = { bounce: 1, wave: 1, dance: 1, sway: 2, breathe: 2 };

/** A cycle length that divides the clip exactly, so looping clips join without a jump. */
export function cycleLength(style: Pose['motion'], duration: number): number {
  const base = PERIOD[style];
  return duration / Math.max(1, Math.round(duration / base));
}

/** The motion at time t (seconds) of a clip of the given duration. */
export function motionAt(style: Pose['motion'], t: number, duration: number): Motion {
  const theta = (2 * Math.PI * t) / cycleLength(style, duration);
  const s = Math.sin(theta);
  switch (style) {
    case 'bounce':
      return { lift: -30 * Math.abs(Math.sin(theta / 2)), tilt: 0, leftSwing: 8 * s, rightSwing: 8 * s, squash: 1 + 0.03 * Math.cos(theta) };
    case 'wave':
      return { lift: -6 * Math.abs(s), tilt: 2 * s, leftSwing: 0, rightSwing: 28 * s, squash: 1 };
    case 'dance':
      return { lift: -22 * Math.abs(s), tilt: 8 * s, leftSwing: 22 * s, rightSwing: -22 * s, squash: 1 };
    case 'sway':
      return { lift: 0, tilt: 5 * s, leftSwing: 4 * s, rightSwing: -4 * s, squash: 1 };
    case 'breathe':
      return { lift: 0, tilt: 0, leftSwing: 0, rightSwing: 0, squash: 1 + 0.035 * s };
    default: {
      const never: never = style;
      return never;
    }
  }
}

/** How far a transition is at time t (0..1): hold the start, ease across the middle, hold the end. */
export function transitionAt(t: number, duration: number): number {
  const x = Math.min(1, Math.max(0, (t / duration - 0.2) / 0.6));
  return x * x * (3 - 2 * x);
}

/** The pose at time t: a still pose, or (with an end pose) the blend of the two at transitionAt. */
export function poseAt(start: Pose, end: Pose | undefined, t: number, duration: number): Pose {
  if (!end) return start;
  return blendPose(start, end, transitionAt(t, duration));
}
