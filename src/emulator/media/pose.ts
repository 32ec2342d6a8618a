/** Prompt keywords → the mascot's pose and extras. */

/** What the mascot does and wears; numbers are interpolated between poses in transitions. */
export interface Pose {
  /** arm angles in degrees: 0 hangs down, 160 is raised high */
  leftArm: number;
  rightArm: number;
  /** 0 = open eyes, 1 = closed */
  eyesClosed: number;
  /** -1 = sad frown, 0 = flat, 1 = big smile */
  mouth: number;
  hat: boolean;
  snow: boolean;
  hearts: boolean;
  /** motion style for animations */
  motion: 'bounce' | 'wave' | 'dance' | 'sway' | 'breathe';
}

const has = (text: string, ...words: string[]): boolean => words.some((w) => new RegExp(`\\b${w}`).test(text));

/** Reads the pose from prompt (and, for extras, the description). */
export function poseFor(prompt: string, description = ''): Pose {
  const p = prompt.toLowerCase();
  const all = `${p} ${description.toLowerCase()}`;
  const pose: Pose = {
    leftArm: 20,
    rightArm: 20,
    eyesClosed: 0,
    mouth: 0.6,
    hat: has(all, 'hat', 'santa', 'wizard', 'cap\\b', 'christmas'),
    snow: has(all, 'snow', 'winter', 'christmas', 'frost'),
    hearts: has(all, 'love', 'heart', 'valentine'),
    motion: 'bounce',
  };
  if (has(p, 'danc', 'arms raised', 'arms up', 'celebrat', 'cheer', 'jump', 'party', 'victory', 'hooray')) {
    pose.leftArm = 150;
    pose.rightArm = 150;
    pose.mouth = 1;
    pose.motion = 'dance';
  } else if (has(p, 'wav', 'hello', 'greet', 'hi\\b', 'bye')) {
    pose.rightArm = 140;
    pose.motion = 'wave';
  } else if (has(p, 'point', 'present')) {
    pose.rightArm = 90;
  }
  if (has(p, 'sleep', 'tired', 'nap', 'sleepy', 'asleep', 'yawn', 'rest')) {
    pose.eyesClosed = 1;
    pose.mouth = 0;
    pose.motion = 'breathe';
  }
  if (has(p, 'sad', 'cry', 'upset', 'unhappy', 'gloom', 'disappoint')) {
    pose.mouth = -1;
    pose.leftArm = Math.min(pose.leftArm, 10);
    pose.rightArm = Math.min(pose.rightArm, 10);
    pose.motion = 'sway';
  } else if (has(p, 'smil', 'happy', 'laugh', 'joy', 'grin')) {
    pose.mouth = 1;
  }
  return pose;
}

/** Interpolates two poses: numbers blend linearly, flags switch half-way. */
export function blendPose(a: Pose, b: Pose, t: number): Pose {
  const lerp = (x: number, y: number): number => x + (y - x) * t;
  const pick = t < 0.5 ? a : b;
  return {
    leftArm: lerp(a.leftArm, b.leftArm),
    rightArm: lerp(a.rightArm, b.rightArm),
    eyesClosed: lerp(a.eyesClosed, b.eyesClosed),
    mouth: lerp(a.mouth, b.mouth),
    hat: pick.hat,
    snow: pick.snow,
    hearts: pick.hearts,
    motion: pick.motion,
  };
}
