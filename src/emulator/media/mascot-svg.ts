/**
 * Draws one scene as SVG in a 512×512 view box: backdrop, the collection's character (body, species
 * features, colours) in the prompt's pose with its props, and the scenery around it.
 */
import { EYE_Y, type Character } from './character.js';
import type { Variation } from './look.js';
import type { Pose, Scene } from './pose.js';
import type { Props } from './props.js';
import { glasses, hat, held, neckwear } from './props-svg.js';
import { confetti, hearts, nightSky, snow } from './scenery-svg.js';
import { bellyDetail, coat, faceOverMouth, faceUnderEyes } from './markings-svg.js';
import { earsBehind, earsInFront, tail } from './species-svg.js';
import { BODY_CX, BODY_CY, BODY_RY, f, type BodyFrame } from './svg-util.js';

/** Per-frame motion applied on top of the pose. */
export interface Motion {
  /** vertical offset in view-box units (negative is up) */
  lift: number;
  /** rotation of the whole mascot in degrees around its feet */
  tilt: number;
  /** extra degrees added to each arm */
  leftSwing: number;
  rightSwing: number;
  /** vertical squash factor around 1 */
  squash: number;
}

/** No motion: the still image. */
export const STILL: Motion = { lift: 0, tilt: 0, leftSwing: 0, rightSwing: 0, squash: 1 };

/** Everything one scene is drawn from. */
export interface SceneOptions {
  character: Character;
  pose: Pose;
  props: Props;
  scene: Scene;
  variation: Variation;
  /** the backdrop colour, or null for a transparent image */
  backdrop: string | null;
  motion?: Motion;
  /** 0..1 phase of the animation, moves snowflakes, hearts, stars and confetti */
  phase?: number;
}

const SHOULDER_Y = 300;
const ARM_LENGTH = 100;

/** The complete SVG document of one scene. */
export function sceneSvg(o: SceneOptions): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 512 512">${sceneContent(o)}</svg>`;
}

/** The scene's elements without the enclosing <svg>, for embedding (logo badges, icons). */
export function sceneContent(o: SceneOptions): string {
  const m = o.motion ?? STILL;
  const phase = o.phase ?? 0;
  const parts: string[] = [];
  if (o.backdrop !== null) {
    parts.push(`<rect width="512" height="512" fill="${o.backdrop}"/>`);
    if (o.scene.night) parts.push(nightSky(o.variation.seed, phase, o.backdrop));
    parts.push(`<ellipse cx="256" cy="466" rx="${f(120 + m.lift * 0.8)}" ry="14" fill="#000000" fill-opacity="0.12"/>`);
  }
  if (o.scene.snow) parts.push(snow(o.variation.seed, phase));
  parts.push(`<g transform="translate(0 ${f(m.lift)}) rotate(${f(m.tilt)} 256 460) translate(256 460) scale(1 ${f(m.squash)}) translate(-256 -460)">${mascot(o, m)}</g>`);
  if (o.scene.hearts) parts.push(hearts(phase));
  if (o.scene.confetti) parts.push(confetti(o.variation.seed, phase));
  return parts.join('');
}

function mascot(o: SceneOptions, m: Motion): string {
  const { character: ch, pose, props, variation: v } = o;
  const c = ch.colours;
  const b = bodyFrame(ch);
  const stroke = `stroke="${c.outline}" stroke-width="8"`;
  const limbs = ch.species === 'panda' ? c.feet : c.body;
  const left = { x: BODY_CX - b.rx + 22, angle: pose.leftArm + m.leftSwing + v.leftArm };
  const right = { x: BODY_CX + b.rx - 22, angle: pose.rightArm + m.rightSwing + v.rightArm };
  const out: string[] = [speciesBackSvg(ch)];
  // arms go behind the body so the shoulder joint is hidden
  out.push(arm(c.outline, limbs, left.x, left.angle, 1), arm(c.outline, limbs, right.x, right.angle, -1));
  out.push(`<ellipse cx="206" cy="448" rx="42" ry="22" fill="${c.feet}" ${stroke}/>`, `<ellipse cx="306" cy="448" rx="42" ry="22" fill="${c.feet}" ${stroke}/>`);
  out.push(
    b.box
      ? `<rect x="${f(BODY_CX - b.rx)}" y="${BODY_CY - BODY_RY + 6}" width="${f(2 * b.rx)}" height="${2 * BODY_RY - 12}" rx="58" fill="${c.body}" ${stroke}/>`
      : `<ellipse cx="${BODY_CX}" cy="${BODY_CY}" rx="${f(b.rx)}" ry="${BODY_RY}" fill="${c.body}" ${stroke}/>`,
  );
  // penguins are mostly white in front; robots have a panel instead (bellyDetail)
  if (ch.species === 'penguin') out.push(`<ellipse cx="256" cy="322" rx="${f(b.rx * 0.78)}" ry="120" fill="${c.belly}"/>`);
  else if (ch.face !== 'robot') out.push(`<ellipse cx="256" cy="350" rx="${f(b.rx * 0.6)}" ry="82" fill="${c.belly}"/>`);
  out.push(bellyDetail(ch), coat(ch, b), earsInFront(ch, b), faceUnderEyes(ch));
  // eyes, brows and glasses are drawn for the usual eye height and moved as a group
  const eyeShift = ch.eyeY - EYE_Y;
  const face = [eyes(pose, v, c.iris), brows(pose), props.glasses ? glasses(props.glasses, props, ch) : ''].join('');
  out.push(eyeShift === 0 ? face : `<g transform="translate(0 ${eyeShift})">${face}</g>`);
  if (ch.face !== 'robot') out.push(`<circle cx="186" cy="292" r="16" fill="#f48fb1" fill-opacity="0.6"/><circle cx="326" cy="292" r="16" fill="#f48fb1" fill-opacity="0.6"/>`);
  out.push(mouth(pose));
  out.push(faceOverMouth(ch, pose.mouthOpen >= 0.5));
  if (props.neck) out.push(neckwear(props.neck, props, ch, b));
  // a hat sits above lifted eyes
  if (props.hat) out.push(eyeShift === 0 ? hat(props.hat, props, ch) : `<g transform="translate(0 ${f(eyeShift * 0.7)})">${hat(props.hat, props, ch)}</g>`);
  if (props.held) {
    // balloons go in the raised (right) hand, everything else in the left
    const hand = props.held === 'balloon' ? handAt(right.x, right.angle, -1) : handAt(left.x, left.angle, 1);
    out.push(held(props.held, props, ch, hand[0], hand[1]));
  }
  return out.join('');
}

/** The character's tail and ears behind its body: the same SVG in every pose, frame and logo of a collection. */
export function speciesBackSvg(ch: Character): string {
  return tail(ch) + earsBehind(ch, bodyFrame(ch));
}

/** The body geometry of a character. */
function bodyFrame(ch: Character): BodyFrame {
  return { rx: 130 * ch.girth, box: ch.shape === 'box' };
}

/** Where the hand of an arm is: side 1 rotates out to the left, -1 to the right. */
function handAt(x: number, angle: number, side: 1 | -1): [number, number] {
  const a = (angle * side * Math.PI) / 180;
  return [x - ARM_LENGTH * Math.sin(a), SHOULDER_Y + ARM_LENGTH * Math.cos(a)];
}

/** An arm as a thick rounded line from the shoulder. */
function arm(outline: string, fill: string, x: number, angle: number, side: 1 | -1): string {
  const d = `M${f(x)} ${SHOULDER_Y} L${f(x)} ${SHOULDER_Y + ARM_LENGTH}`;
  return (
    `<g transform="rotate(${f(angle * side)} ${f(x)} ${SHOULDER_Y})">` +
    `<path d="${d}" stroke="${outline}" stroke-width="44" stroke-linecap="round"/><path d="${d}" stroke="${fill}" stroke-width="30" stroke-linecap="round"/></g>`
  );
}

function eyes(pose: Pose, v: Variation, iris: string | undefined): string {
  const lid = (cx: number, closed: number): string =>
    `<path d="M${cx - 24} 236 Q${cx} ${f(236 + 18 * closed)} ${cx + 24} 236" fill="none" stroke="#212121" stroke-width="8" stroke-linecap="round"/>`;
  const open = (cx: number, closed: number): string => {
    const k = 1 - closed;
    const px = cx + 4 + v.gazeX;
    const py = 240 + v.gazeY - 8 * pose.lookUp;
    const ring = iris === undefined ? '' : `<circle cx="${f(px)}" cy="${f(py)}" r="${f(17 * k)}" fill="${iris}"/>`;
    return `<ellipse cx="${cx}" cy="236" rx="26" ry="${f(30 * k)}" fill="#ffffff" stroke="#212121" stroke-width="6"/>` + ring +
      `<circle cx="${f(px)}" cy="${f(py)}" r="${f(12 * k)}" fill="#212121"/><circle cx="${f(px + 5)}" cy="${f(py - 8)}" r="4" fill="#ffffff"/>`;
  };
  const one = (cx: number, closed: number): string => (closed >= 0.5 ? lid(cx, closed) : open(cx, closed));
  return one(206, pose.eyesClosed) + one(306, Math.max(pose.eyesClosed, pose.wink));
}

/** Brows: tilt -1 frowns (inner ends down), 1 worries (inner ends up). */
function brows(pose: Pose): string {
  if (pose.brows < 0.05) return '';
  const t = pose.browTilt;
  const lift = pose.mouthOpen * 8;
  const inner = f(194 - 9 * t - lift);
  const outer = f(194 + 5 * t - lift);
  return `<path d="M182 ${outer} L228 ${inner} M330 ${outer} L284 ${inner}" stroke="#212121" stroke-width="8" stroke-linecap="round" stroke-opacity="${f(pose.brows)}"/>`;
}

/** mood -1 frowns, 0 is flat, 1 smiles wide; mouthOpen draws a round open mouth instead. */
function mouth(pose: Pose): string {
  if (pose.mouthOpen >= 0.5) {
    return `<ellipse cx="256" cy="314" rx="${f(10 + 8 * pose.mouthOpen)}" ry="${f(12 + 10 * pose.mouthOpen)}" fill="#b71c1c" stroke="#212121" stroke-width="7"/>`;
  }
  const depth = 38 * pose.mouth;
  const y = pose.mouth < 0 ? 322 : 300;
  const fill = pose.mouth > 0.8 ? '#b71c1c' : 'none';
  return `<path d="M218 ${y} Q256 ${f(y + depth)} 294 ${y}${fill === 'none' ? '' : ' Z'}" fill="${fill}" stroke="#212121" stroke-width="8" stroke-linecap="round" stroke-linejoin="round"/>`;
}
