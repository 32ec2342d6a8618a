/** Prompt words → what the mascot does (arms, face, motion) and the scene around it. Clauses apply in order. */
import { clausesOf, colourMentions, mentions } from './words.js';

/** What the mascot does; numbers are interpolated between poses in transitions. */
export interface Pose {
  /** arm angles in degrees: 0 hangs down, 160 is raised high */
  leftArm: number;
  rightArm: number;
  /** 0 = open eyes, 1 = closed */
  eyesClosed: number;
  /** 0..1: the right eye closes */
  wink: number;
  /** -1 = sad frown, 0 = flat, 1 = big smile */
  mouth: number;
  /** 0..1: an open round mouth (surprise, yawn) */
  mouthOpen: number;
  /** 0..1: how much the brows show; tilt -1 is angry, 1 worried */
  brows: number;
  browTilt: number;
  /** 0..1: pupils look up (thinking) */
  lookUp: number;
  /** motion style for animations */
  motion: 'bounce' | 'wave' | 'dance' | 'sway' | 'breathe';
}

/** What surrounds the mascot. */
export interface Scene {
  snow: boolean;
  hearts: boolean;
  /** a dark sky with stars and a moon instead of the usual backdrop */
  night: boolean;
  confetti: boolean;
  /** a backdrop colour the prompt names ("on a blue background") */
  background?: string;
}

/** Standing, smiling, nothing around. */
export const IDLE: Pose = { leftArm: 20, rightArm: 20, eyesClosed: 0, wink: 0, mouth: 0.6, mouthOpen: 0, brows: 0, browTilt: 0, lookUp: 0, motion: 'bounce' };

const has = mentions;
const NEGATED = /\b(no|without|remove[sd]?|removing|stop|not)\b/;
const BACKDROP = new Set(['background', 'backdrop', 'sky', 'wall']);

/** The pose a prompt asks for: each clause may set the arms, the face or the motion, later ones winning. */
export function poseFor(prompt: string): Pose {
  const pose: Pose = { ...IDLE };
  for (const c of clausesOf(prompt)) {
    // "transitioning from idle to waving" describes the way between two poses the source and end prompts set
    if (has(c, 'transition') || /\bfrom\b.+\bto\b/.test(c)) continue;
    applyClause(pose, c);
  }
  return pose;
}

function applyClause(pose: Pose, c: string): void {
  if (has(c, 'danc', 'arms raised', 'arms up', 'raising (both|his|her|its|their) arms', 'celebrat', 'cheer', 'jump', 'party', 'victory', 'hooray', 'yay')) {
    Object.assign(pose, { leftArm: 150, rightArm: 150, mouth: 1, motion: 'dance' });
  } else if (has(c, 'wav', 'hello', 'greet', 'hi\\b', 'bye', 'salut')) {
    Object.assign(pose, { rightArm: 140, motion: 'wave' });
  } else if (has(c, 'hug', 'open arms', 'welcom', 'shrug')) {
    Object.assign(pose, { leftArm: 75, rightArm: 75 });
  } else if (has(c, 'point', 'present(ing|s)?\\b', 'showing')) {
    pose.rightArm = 90;
  } else if (has(c, 'stand', 'idle', 'relax', 'calm', 'neutral')) {
    Object.assign(pose, { leftArm: IDLE.leftArm, rightArm: IDLE.rightArm, motion: 'bounce' });
  }
  if (has(c, 'sleep', 'tired', 'nap', 'asleep', 'yawn', 'rest\\b', 'resting', 'snooz', 'dream')) {
    Object.assign(pose, { eyesClosed: 1, mouth: 0, mouthOpen: has(c, 'yawn') ? 1 : 0, motion: 'breathe' });
  } else if (has(c, 'wake', 'awake')) {
    pose.eyesClosed = 0;
  }
  if (has(c, 'sad', 'cry', 'upset', 'unhappy', 'gloom', 'disappoint', 'lonely')) {
    Object.assign(pose, { mouth: -1, brows: 1, browTilt: 1, motion: 'sway' });
    pose.leftArm = Math.min(pose.leftArm, 10);
    pose.rightArm = Math.min(pose.rightArm, 10);
  } else if (has(c, 'angry', 'mad\\b', 'grump', 'furious', 'annoy', 'cross\\b')) {
    Object.assign(pose, { mouth: -0.5, brows: 1, browTilt: -1 });
  } else if (has(c, 'surpris', 'shock', 'wow', 'amaz', 'astonish', 'gasp', 'scared', 'startl')) {
    Object.assign(pose, { mouth: 0, mouthOpen: 1, brows: 1, browTilt: 0 });
  } else if (has(c, 'think', 'wonder', 'ponder', 'curious', 'confus', 'hmm', 'puzzl')) {
    Object.assign(pose, { mouth: 0.1, brows: 1, browTilt: 0.4, lookUp: 1 });
  } else if (has(c, 'smil', 'happy', 'laugh', 'joy', 'grin', 'cheerful', 'excit')) {
    // a gentle smile stays closed; the others open wide
    pose.mouth = has(c, 'gentle', 'slight', 'soft', 'small', 'faint', 'shy') ? 0.75 : 1;
  }
  if (has(c, 'wink')) pose.wink = 1;
}

/** The scene a prompt asks for ("falling snow", "night time with stars", "on a pink background"). */
export function sceneFor(prompt: string): Scene {
  const scene: Scene = { snow: false, hearts: false, night: false, confetti: false };
  for (const c of clausesOf(prompt)) {
    const on = !NEGATED.test(c);
    if (has(c, 'snow', 'winter', 'christmas', 'frost', 'blizzard')) scene.snow = on;
    if (has(c, 'love', 'heart', 'valentine')) scene.hearts = on;
    if (has(c, 'night', 'stars\\b', 'starry', 'moon', 'midnight', 'evening')) scene.night = on;
    if (has(c, 'confetti', 'party', 'celebrat', 'birthday')) scene.confetti = on;
    for (const m of colourMentions(c, BACKDROP)) if (m.part !== undefined) scene.background = m.hex;
  }
  return scene;
}

/** Interpolates two poses: numbers blend linearly, the motion style switches half-way. */
export function blendPose(a: Pose, b: Pose, t: number): Pose {
  const lerp = (x: number, y: number): number => x + (y - x) * t;
  return {
    leftArm: lerp(a.leftArm, b.leftArm),
    rightArm: lerp(a.rightArm, b.rightArm),
    eyesClosed: lerp(a.eyesClosed, b.eyesClosed),
    wink: lerp(a.wink, b.wink),
    mouth: lerp(a.mouth, b.mouth),
    mouthOpen: lerp(a.mouthOpen, b.mouthOpen),
    brows: lerp(a.brows, b.brows),
    browTilt: lerp(a.browTilt, b.browTilt),
    lookUp: lerp(a.lookUp, b.lookUp),
    motion: t < 0.5 ? a.motion : b.motion,
  };
}
