/** Draws the cartoon mascot as SVG in a 512×512 view box: body, belly, ears, eyes, mouth, arms, feet, extras. */
import type { Palette } from './palette.js';
import type { Pose } from './pose.js';
import { seededRandom } from './seed-hash.js';

/** Per-mascot shape choices that stay fixed across poses and frames (from the seed). */
export interface Build {
  ears: 'round' | 'pointed' | 'antenna' | 'none';
  /** body width factor around 1 */
  girth: number;
  seed: number;
}

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

/** Chooses the build of a mascot from its seed hash. */
export function buildFor(seed: number): Build {
  const kinds: Build['ears'][] = ['round', 'pointed', 'antenna', 'none'];
  const rnd = seededRandom(seed);
  return { ears: kinds[Math.floor(rnd() * kinds.length)]!, girth: 0.92 + rnd() * 0.16, seed };
}

/** Options of one rendering. */
export interface SceneOptions {
  palette: Palette;
  pose: Pose;
  build: Build;
  motion?: Motion;
  background: boolean;
  /** 0..1 phase of the animation, moves snowflakes and hearts */
  phase?: number;
}

const f = (n: number): string => (Math.round(n * 10) / 10).toString();

/** The complete SVG document of one scene. */
export function sceneSvg(o: SceneOptions): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 512 512">${sceneContent(o)}</svg>`;
}

/** The scene's elements without the enclosing <svg>, for embedding (logo badges, icons). */
export function sceneContent(o: SceneOptions): string {
  const m = o.motion ?? STILL;
  const parts: string[] = [];
  if (o.background) parts.push(`<rect width="512" height="512" fill="${o.palette.background}"/>`);
  if (o.background) parts.push(`<ellipse cx="256" cy="466" rx="${f(120 - m.lift * -0.8)}" ry="14" fill="#000000" fill-opacity="0.12"/>`);
  if (o.pose.snow) parts.push(snow(o.build.seed, o.phase ?? 0, o.background));
  const body = mascot(o.palette, o.pose, o.build, m);
  parts.push(`<g transform="translate(0 ${f(m.lift)}) rotate(${f(m.tilt)} 256 460) translate(256 460) scale(1 ${f(m.squash)}) translate(-256 -460)">${body}</g>`);
  if (o.pose.hearts) parts.push(hearts(o.phase ?? 0));
  return parts.join('');
}

function mascot(c: Palette, pose: Pose, b: Build, m: Motion): string {
  const rx = 130 * b.girth;
  const stroke = `stroke="${c.outline}" stroke-width="8"`;
  const out: string[] = [];
  out.push(ears(c, b, rx));
  // arms go behind the body so the shoulder joint is hidden
  out.push(arm(c, 256 - rx + 22, 300, pose.leftArm + m.leftSwing, 1));
  out.push(arm(c, 256 + rx - 22, 300, pose.rightArm + m.rightSwing, -1));
  out.push(`<ellipse cx="206" cy="448" rx="42" ry="22" fill="${c.outline}"/>`);
  out.push(`<ellipse cx="306" cy="448" rx="42" ry="22" fill="${c.outline}"/>`);
  out.push(`<ellipse cx="256" cy="290" rx="${f(rx)}" ry="155" fill="${c.body}" ${stroke}/>`);
  out.push(`<ellipse cx="256" cy="350" rx="${f(rx * 0.6)}" ry="82" fill="${c.belly}"/>`);
  out.push(eyes(pose.eyesClosed));
  out.push(`<circle cx="186" cy="288" r="16" fill="#f48fb1" fill-opacity="0.6"/><circle cx="326" cy="288" r="16" fill="#f48fb1" fill-opacity="0.6"/>`);
  out.push(mouth(pose.mouth));
  if (pose.hat) out.push(hat(c));
  return out.join('');
}

function ears(c: Palette, b: Build, rx: number): string {
  const l = 256 - rx * 0.62;
  const r = 256 + rx * 0.62;
  const s = `fill="${c.body}" stroke="${c.outline}" stroke-width="8"`;
  switch (b.ears) {
    case 'round':
      return `<circle cx="${f(l)}" cy="160" r="42" ${s}/><circle cx="${f(r)}" cy="160" r="42" ${s}/>`;
    case 'pointed':
      return `<path d="M${f(l - 40)} 190 L${f(l - 10)} 90 L${f(l + 40)} 160 Z" ${s}/><path d="M${f(r + 40)} 190 L${f(r + 10)} 90 L${f(r - 40)} 160 Z" ${s}/>`;
    case 'antenna':
      return `<path d="M256 140 L256 82" stroke="${c.outline}" stroke-width="8"/><circle cx="256" cy="76" r="18" fill="${c.accent}" stroke="${c.outline}" stroke-width="6"/>`;
    case 'none':
      return '';
    default: {
      const never: never = b.ears;
      return never;
    }
  }
}

/** An arm as a thick rounded line from the shoulder; side 1 rotates out to the left, -1 to the right. */
function arm(c: Palette, x: number, y: number, angle: number, side: 1 | -1): string {
  return (
    `<g transform="rotate(${f(angle * side)} ${f(x)} ${y})">` +
    `<path d="M${f(x)} ${y} L${f(x)} ${y + 100}" stroke="${c.outline}" stroke-width="44" stroke-linecap="round"/>` +
    `<path d="M${f(x)} ${y} L${f(x)} ${y + 100}" stroke="${c.body}" stroke-width="30" stroke-linecap="round"/>` +
    `</g>`
  );
}

function eyes(closed: number): string {
  if (closed >= 0.5) {
    const lid = (cx: number): string => `<path d="M${cx - 24} 236 Q${cx} ${f(236 + 18 * closed)} ${cx + 24} 236" fill="none" stroke="#212121" stroke-width="8" stroke-linecap="round"/>`;
    return lid(206) + lid(306);
  }
  const ry = f(30 * (1 - closed));
  const one = (cx: number): string =>
    `<ellipse cx="${cx}" cy="236" rx="26" ry="${ry}" fill="#ffffff" stroke="#212121" stroke-width="6"/>` +
    `<circle cx="${cx + 4}" cy="240" r="${f(13 * (1 - closed))}" fill="#212121"/><circle cx="${cx + 9}" cy="232" r="4" fill="#ffffff"/>`;
  return one(206) + one(306);
}

/** mood -1 frowns, 0 is flat, 1 smiles wide. */
function mouth(mood: number): string {
  const depth = 38 * mood;
  const y = mood < 0 ? 322 : 300;
  const fill = mood > 0.8 ? '#b71c1c' : 'none';
  return `<path d="M218 ${y} Q256 ${f(y + depth)} 294 ${y}${fill === 'none' ? '' : ' Z'}" fill="${fill}" stroke="#212121" stroke-width="8" stroke-linecap="round" stroke-linejoin="round"/>`;
}

function hat(c: Palette): string {
  return (
    `<path d="M160 162 Q250 20 372 58 Q300 80 352 162 Z" fill="#d32f2f" stroke="#7f0000" stroke-width="6"/>` +
    `<rect x="146" y="146" width="220" height="36" rx="18" fill="#fafafa" stroke="${c.outline}" stroke-width="4"/>` +
    `<circle cx="378" cy="60" r="24" fill="#fafafa" stroke="${c.outline}" stroke-width="4"/>`
  );
}

function snow(seed: number, phase: number, ground: boolean): string {
  const rnd = seededRandom(seed ^ 0x5eed);
  const flakes: string[] = [];
  for (let i = 0; i < 18; i++) {
    const x = rnd() * 512;
    const y = (rnd() * 512 + phase * 512) % 512;
    flakes.push(`<circle cx="${f(x)}" cy="${f(y)}" r="${f(4 + rnd() * 6)}" fill="#ffffff" stroke="#b0bec5" stroke-width="1"/>`);
  }
  if (ground) flakes.push(`<rect x="0" y="470" width="512" height="42" fill="#ffffff"/>`);
  return flakes.join('');
}

function hearts(phase: number): string {
  const heart = (x: number, y: number, s: number): string =>
    `<path transform="translate(${f(x)} ${f(y)}) scale(${s})" d="M0 6 C0 -4 14 -4 14 6 C14 14 0 20 0 26 C0 20 -14 14 -14 6 C-14 -4 0 -4 0 6 Z" fill="#d50000"/>`;
  const rise = phase * 60;
  return heart(76, 110 - rise, 1.4) + heart(446, 140 - rise, 1.1) + heart(410, 50 - rise * 0.5, 0.9);
}
