/** Draws what tells species apart at a glance: ears and head-tops, and tails (faces and coats: markings-svg.ts). */
import type { Character } from './character.js';
import { mix } from './palette.js';
import { BODY_CX, f, type BodyFrame } from './svg-util.js';

type Pt = [number, number];
const poly = (pts: Pt[], attrs: string): string => `<path d="M${pts.map(([x, y]) => `${f(x)} ${f(y)}`).join(' L')} Z" ${attrs}/>`;
const mirror = (pts: Pt[]): Pt[] => pts.map(([x, y]) => [2 * BODY_CX - x, y]);
const lerp = (a: Pt, b: Pt, t: number): Pt => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
/** The triangle shrunk towards its centroid and nudged down: the inner ear. */
function inner(tri: Pt[], k: number): Pt[] {
  const cx = (tri[0]![0] + tri[1]![0] + tri[2]![0]) / 3;
  const cy = (tri[0]![1] + tri[1]![1] + tri[2]![1]) / 3;
  return tri.map(([x, y]) => [cx + (x - cx) * k, cy + (y - cy) * k + 6]);
}

/** Ears and head-tops drawn behind the body (floppy ears are drawn in front, by frontEars). */
export function earsBehind(ch: Character, b: BodyFrame): string {
  const c = ch.colours;
  const s = `fill="${c.body}" stroke="${c.outline}" stroke-width="8" stroke-linejoin="round"`;
  const both = (draw: (side: 1 | -1) => string): string => draw(1) + draw(-1);
  const at = (k: number, side: 1 | -1): number => BODY_CX - side * b.rx * k;
  switch (ch.ears) {
    case 'pointed': {
      // tall fox ears: dark tips, pale insides
      const tri: Pt[] = [[at(0.55, 1) - 44, 200], [at(0.55, 1) - 22, 62], [at(0.55, 1) + 40, 156]];
      const draw = (t: Pt[]): string => {
        const base = [t[0]!, lerp(t[0]!, t[1]!, 0.58), lerp(t[2]!, t[1]!, 0.58), t[2]!];
        return poly(t, `fill="${c.feet}"`) + poly(base, `fill="${c.body}"`) + poly(inner(t, 0.5), `fill="${c.earInner}"`) +
          poly(t, `fill="none" stroke="${c.outline}" stroke-width="8" stroke-linejoin="round"`);
      };
      return draw(tri) + draw(mirror(tri));
    }
    case 'cat': {
      const tri: Pt[] = [[at(0.58, 1) - 46, 194], [at(0.58, 1) - 36, 88], [at(0.58, 1) + 38, 150]];
      const draw = (t: Pt[]): string => poly(t, s) + poly(inner(t, 0.55), `fill="${c.earInner}"`);
      return draw(tri) + draw(mirror(tri));
    }
    case 'round':
      return both((side) => `<circle cx="${f(at(0.62, side))}" cy="160" r="42" ${s}/><circle cx="${f(at(0.62, side))}" cy="162" r="22" fill="${c.earInner}"/>`);
    case 'mouse':
      return both((side) => `<circle cx="${f(at(0.72, side))}" cy="150" r="58" ${s}/><circle cx="${f(at(0.72, side))}" cy="154" r="36" fill="${c.earInner}"/>`);
    case 'long':
      return both((side) => {
        const x = at(0.4, side);
        return `<g transform="rotate(${-8 * side} ${f(x)} 160)"><ellipse cx="${f(x)}" cy="84" rx="26" ry="80" ${s}/><ellipse cx="${f(x)}" cy="92" rx="12" ry="58" fill="${c.earInner}"/></g>`;
      });
    case 'tufts': {
      const tri: Pt[] = [[at(0.6, 1) - 36, 182], [at(0.6, 1) - 48, 100], [at(0.6, 1) + 26, 150]];
      return poly(tri, s) + poly(mirror(tri), s);
    }
    case 'antenna':
      return `<path d="M256 140 L256 84" stroke="${c.outline}" stroke-width="8"/><circle cx="256" cy="76" r="17" fill="${c.accent}" stroke="${c.outline}" stroke-width="6"/>` +
        both((side) => `<rect x="${f(side === 1 ? BODY_CX - b.rx - 18 : BODY_CX + b.rx - 8)}" y="212" width="26" height="48" rx="7" fill="${c.feet}" stroke="${c.outline}" stroke-width="6"/>`);
    case 'horns': {
      const horn = (side: 1 | -1): string => {
        const x = at(0.5, side);
        const d = (dx: number): string => f(x - side * dx);
        return `<path d="M${d(-16)} 172 Q${d(40)} 122 ${d(46)} 74 Q${d(6)} 110 ${d(-26)} 156 Z" fill="${c.accent}" stroke="${c.outline}" stroke-width="7" stroke-linejoin="round"/>`;
      };
      const spikes = [226, 256, 286].map((x) => poly([[x - 16, 150], [x, x === 256 ? 104 : 116], [x + 16, 150]], `fill="${mix(c.body, '#000000', 0.25)}" stroke="${c.outline}" stroke-width="6"`));
      return horn(1) + horn(-1) + spikes.join('');
    }
    case 'bumps':
      // frogs' eyes bulge above the head: these domes frame the eyes (see faceUnderEyes)
      return both((side) => `<circle cx="${256 - side * 50}" cy="${ch.eyeY}" r="46" ${s}/>`);
    case 'crest':
      return [[-14, -14], [0, 0], [14, 14]].map(([dx, rot]) => `<ellipse cx="${256 + dx! * 1.2}" cy="${dx === 0 ? 110 : 118}" rx="9" ry="28" transform="rotate(${rot} 256 150)" fill="${c.accent}" stroke="${c.outline}" stroke-width="6"/>`).join('');
    case 'nubs':
      return both((side) => `<circle cx="${f(at(0.5, side))}" cy="150" r="24" ${s}/>`);
    case 'floppy':
    case 'none':
      return '';
    default: {
      const never: never = ch.ears;
      return never;
    }
  }
}

/** Ears that hang over the sides of the head (dogs), drawn after the body. */
export function earsInFront(ch: Character, b: BodyFrame): string {
  if (ch.ears !== 'floppy') return '';
  const c = ch.colours;
  const fill = mix(c.body, '#000000', 0.28);
  const ear = (side: 1 | -1): string => {
    const x = BODY_CX - side * b.rx * 0.84;
    return `<ellipse cx="${f(x)}" cy="214" rx="32" ry="68" transform="rotate(${16 * side} ${f(x)} 170)" fill="${fill}" stroke="${c.outline}" stroke-width="8"/>`;
  };
  return ear(1) + ear(-1);
}

/** The tail, behind the body at the lower left. */
export function tail(ch: Character): string {
  const c = ch.colours;
  const line = (d: string, w: number): string =>
    `<path d="${d}" fill="none" stroke="${c.outline}" stroke-width="${w + 12}" stroke-linecap="round"/><path d="${d}" fill="none" stroke="${c.body}" stroke-width="${w}" stroke-linecap="round"/>`;
  const s = `stroke="${c.outline}" stroke-width="8" stroke-linejoin="round"`;
  switch (ch.tail) {
    case 'bushy':
      return `<path d="M176 420 C96 446 34 378 50 296 C58 250 104 246 118 286 C128 334 156 364 206 384 Z" fill="${c.body}" ${s}/>` +
        `<path d="M50 296 C58 250 104 246 118 286 C98 302 70 306 50 296 Z" fill="${c.belly}" ${s}/>`;
    case 'thin':
      return line('M190 420 C110 440 50 410 60 330 C64 300 84 284 100 296', 12);
    case 'puff':
      return `<circle cx="138" cy="420" r="30" fill="${c.belly}" ${s}/>`;
    case 'wag':
      return line('M178 404 Q110 398 100 326', 18);
    case 'spade':
      return line('M190 420 C110 450 40 420 62 344', 18) + poly([[38, 352], [60, 290], [88, 346]], `fill="${mix(c.body, '#000000', 0.25)}" ${s}`);
    case 'feathers':
      return [-62, -42, -22].map((rot) => `<ellipse cx="150" cy="380" rx="15" ry="50" transform="rotate(${rot} 176 420)" fill="${mix(c.body, '#000000', 0.22)}" ${s}/>`).join('');
    case 'none':
      return '';
    default: {
      const never: never = ch.tail;
      return never;
    }
  }
}

