/** Draws species markings: face details (muzzles, noses, beaks, whiskers, patches), coat patterns, belly details. */
import type { Character } from './character.js';
import { mix } from './palette.js';
import { seededRandom } from './seed-hash.js';
import { BODY_CX, f, halfWidthAt, type BodyFrame } from './svg-util.js';

/** Coat patterns on the body, placed by the character's seed so they sit the same in every image. */
export function coat(ch: Character, b: BodyFrame): string {
  const c = ch.colours;
  switch (ch.pattern) {
    case 'stripes': {
      const out = [`<path d="M238 148 L242 176 M256 140 L256 174 M274 148 L270 176" stroke="${c.pattern}" stroke-width="9" stroke-linecap="round"/>`];
      for (const y of [262, 318, 376]) {
        const e = halfWidthAt(b, y);
        for (const side of [1, -1] as const) {
          const x0 = BODY_CX - side * (e - 4);
          out.push(`<path d="M${f(x0)} ${y} Q${f(x0 + side * 24)} ${y + 4} ${f(x0 + side * 38)} ${y + 18}" fill="none" stroke="${c.pattern}" stroke-width="10" stroke-linecap="round"/>`);
        }
      }
      return out.join('');
    }
    case 'spots': {
      const rnd = seededRandom(ch.seed ^ 0x5907);
      const out: string[] = [];
      for (let tries = 0; out.length < 7 && tries < 60; tries++) {
        const y = 190 + rnd() * 240;
        const e = halfWidthAt(b, y) - 22;
        // on the flanks, off the face and the belly, so the expression reads
        const x = BODY_CX + (rnd() < 0.5 ? -1 : 1) * e * (0.62 + rnd() * 0.38);
        const r = 10 + rnd() * 10;
        if (e <= 0 || Math.abs(x - BODY_CX) < b.rx * (y < 300 ? 0.8 : 0.62)) continue;
        out.push(`<circle cx="${f(x)}" cy="${f(y)}" r="${f(r)}" fill="${c.pattern}"/>`);
      }
      return out.join('');
    }
    case 'none':
      return '';
    default: {
      const never: never = ch.pattern;
      return never;
    }
  }
}

/** Face details under the eyes: muzzles, eye patches, facial discs. */
export function faceUnderEyes(ch: Character): string {
  const c = ch.colours;
  switch (ch.face) {
    case 'fox':
      return `<path d="M150 262 Q200 246 256 280 Q312 246 362 262 Q344 342 256 350 Q168 342 150 262 Z" fill="${c.belly}"/>`;
    case 'snout':
      return `<ellipse cx="256" cy="302" rx="54" ry="40" fill="${c.belly}"/>`;
    case 'panda':
      return `<ellipse cx="202" cy="242" rx="40" ry="48" transform="rotate(-22 202 242)" fill="${c.feet}"/><ellipse cx="310" cy="242" rx="40" ry="48" transform="rotate(22 310 242)" fill="${c.feet}"/>`;
    case 'owl':
      return `<circle cx="206" cy="236" r="46" fill="${c.belly}"/><circle cx="306" cy="236" r="46" fill="${c.belly}"/>`;
    case 'frog':
      return `<circle cx="206" cy="${ch.eyeY}" r="42" fill="${c.body}"/><circle cx="306" cy="${ch.eyeY}" r="42" fill="${c.body}"/>`;
    case 'cat': case 'rabbit': case 'beak': case 'robot': case 'dragon': case 'plain':
      return '';
    default: {
      const never: never = ch.face;
      return never;
    }
  }
}

/** Noses, beaks, whiskers and teeth, drawn over the mouth's top (no teeth over a round open mouth). */
export function faceOverMouth(ch: Character, mouthOpen: boolean): string {
  const c = ch.colours;
  const nose = (rx: number, ry: number): string => `<ellipse cx="256" cy="284" rx="${rx}" ry="${ry}" fill="${c.nose}"/>`;
  switch (ch.face) {
    case 'fox':
      return nose(13, 9);
    case 'snout': case 'panda':
      return nose(17, 11);
    case 'cat': {
      const w = (x1: number, y1: number, x2: number, y2: number): string => `M${x1} ${y1} L${x2} ${y2} M${512 - x1} ${y1} L${512 - x2} ${y2}`;
      return `<path d="${w(204, 290, 148, 280)} ${w(204, 298, 146, 300)} ${w(204, 306, 150, 320)}" stroke="${c.outline}" stroke-width="4" stroke-linecap="round"/>` +
        `<path d="M245 278 L267 278 L256 291 Z" fill="${c.nose}" stroke-linejoin="round"/>`;
    }
    case 'rabbit':
      if (mouthOpen) return nose(9, 7);
      return `<rect x="247" y="301" width="18" height="16" rx="3" fill="#ffffff" stroke="${c.outline}" stroke-width="3"/>` + nose(9, 7);
    case 'beak': case 'owl':
      return `<path d="M232 276 L256 262 L280 276 L256 304 Z" fill="${c.accent}" stroke="${mix(c.accent, '#000000', 0.35)}" stroke-width="4" stroke-linejoin="round"/>`;
    case 'dragon':
      return `<circle cx="244" cy="282" r="5" fill="${c.outline}"/><circle cx="268" cy="282" r="5" fill="${c.outline}"/>`;
    case 'robot': case 'frog': case 'plain':
      return '';
    default: {
      const never: never = ch.face;
      return never;
    }
  }
}

/** Belly details: robots' panel, dragons' scales, owls' feathers (on top of the belly patch). */
export function bellyDetail(ch: Character): string {
  const c = ch.colours;
  switch (ch.face) {
    case 'robot':
      return `<rect x="206" y="344" width="100" height="64" rx="12" fill="${mix(c.body, '#000000', 0.18)}" stroke="${c.outline}" stroke-width="5"/>` +
        ['#ef5350', c.accent, '#ffee58'].map((col, i) => `<circle cx="${230 + i * 26}" cy="376" r="9" fill="${col}"/>`).join('');
    case 'dragon':
      return `<path d="M206 344 Q256 356 306 344 M200 376 Q256 390 312 376 M210 408 Q256 420 302 408" fill="none" stroke="${mix(c.belly, '#000000', 0.25)}" stroke-width="5" stroke-linecap="round"/>`;
    case 'owl':
      return [[236, 360], [276, 360], [256, 390], [226, 400], [286, 400]].map(([x, y]) => `<path d="M${x! - 9} ${y} L${x} ${y! + 9} L${x! + 9} ${y}" fill="none" stroke="${mix(c.belly, '#000000', 0.3)}" stroke-width="4" stroke-linecap="round"/>`).join('');
    case 'fox': case 'snout': case 'cat': case 'rabbit': case 'beak': case 'panda': case 'frog': case 'plain':
      return '';
    default: {
      const never: never = ch.face;
      return never;
    }
  }
}
