/** Draws what the mascot wears and holds: hats, glasses, neckwear, held things. */
import type { Character } from './character.js';
import { colourDistance, mix } from './palette.js';
import type { HatKind, HeldKind, NeckKind, Props } from './props.js';
import { BODY_CX, f, halfWidthAt, type BodyFrame } from './svg-util.js';

const WHITE = '#fafafa';

/** The prop's named colour, else its usual one, else (when that is too close to the body) a contrasting one. */
function colourOf(props: Props, slot: keyof Props['colours'], usual: string, ch: Character): string {
  const named = props.colours[slot];
  if (named !== undefined) return named;
  return colourDistance(usual, ch.colours.body) > 90 ? usual : '#1e88e5';
}

/** A hat sitting on the crown, between the ears. */
export function hat(kind: HatKind, props: Props, ch: Character): string {
  const o = ch.colours.outline;
  switch (kind) {
    case 'santa': {
      const red = colourOf(props, 'hat', '#d32f2f', ch);
      return `<path d="M186 166 Q244 36 358 58 Q306 84 330 166 Z" fill="${red}" stroke="${mix(red, '#000000', 0.45)}" stroke-width="6" stroke-linejoin="round"/>` +
        `<rect x="174" y="148" width="166" height="34" rx="17" fill="${WHITE}" stroke="${o}" stroke-width="4"/><circle cx="362" cy="60" r="22" fill="${WHITE}" stroke="${o}" stroke-width="4"/>`;
    }
    case 'wizard': {
      const col = colourOf(props, 'hat', '#5e35b1', ch);
      return `<ellipse cx="256" cy="164" rx="100" ry="18" fill="${col}" stroke="${o}" stroke-width="5"/><path d="M196 166 L266 14 L318 166 Z" fill="${col}" stroke="${o}" stroke-width="5" stroke-linejoin="round"/>` +
        `<circle cx="250" cy="110" r="7" fill="#ffee58"/><circle cx="276" cy="70" r="5" fill="#ffee58"/><circle cx="232" cy="146" r="5" fill="#ffee58"/>`;
    }
    case 'party': {
      const col = colourOf(props, 'hat', '#ec407a', ch);
      return `<path d="M210 162 L256 40 L302 162 Z" fill="${col}" stroke="${o}" stroke-width="5" stroke-linejoin="round"/>` +
        `<path d="M226 120 L284 120 M216 146 L296 146" stroke="#ffee58" stroke-width="8"/><circle cx="256" cy="38" r="14" fill="#ffee58" stroke="${o}" stroke-width="4"/>`;
    }
    case 'crown': {
      const col = colourOf(props, 'hat', '#fbc02d', ch);
      return `<path d="M196 168 L196 108 L226 136 L256 94 L286 136 L316 108 L316 168 Z" fill="${col}" stroke="${mix(col, '#000000', 0.45)}" stroke-width="5" stroke-linejoin="round"/>` +
        `<circle cx="256" cy="150" r="9" fill="#e53935"/><circle cx="222" cy="154" r="6" fill="#1e88e5"/><circle cx="290" cy="154" r="6" fill="#1e88e5"/>`;
    }
    case 'beanie': {
      const col = colourOf(props, 'hat', '#43a047', ch);
      return `<path d="M178 172 Q178 84 256 82 Q334 84 334 172 Z" fill="${col}" stroke="${o}" stroke-width="5"/>` +
        `<rect x="172" y="150" width="168" height="30" rx="12" fill="${mix(col, '#000000', 0.2)}" stroke="${o}" stroke-width="4"/><circle cx="256" cy="78" r="18" fill="${mix(col, '#ffffff', 0.5)}" stroke="${o}" stroke-width="4"/>`;
    }
    case 'cap': {
      const col = colourOf(props, 'hat', '#1e88e5', ch);
      return `<path d="M184 168 Q190 94 256 92 Q322 94 328 168 Z" fill="${col}" stroke="${o}" stroke-width="5"/>` +
        `<path d="M300 162 Q360 150 396 168 Q356 180 304 176 Z" fill="${mix(col, '#000000', 0.25)}" stroke="${o}" stroke-width="5" stroke-linejoin="round"/><circle cx="256" cy="92" r="8" fill="${mix(col, '#000000', 0.25)}"/>`;
    }
    case 'top': {
      const col = colourOf(props, 'hat', '#37474f', ch);
      return `<rect x="204" y="66" width="104" height="96" rx="6" fill="${col}" stroke="${o}" stroke-width="5"/><rect x="204" y="132" width="104" height="16" fill="#e53935"/>` +
        `<rect x="170" y="154" width="172" height="18" rx="9" fill="${col}" stroke="${o}" stroke-width="5"/>`;
    }
    default: {
      const never: never = kind;
      return never;
    }
  }
}

/** Glasses over the eyes. */
export function glasses(kind: NonNullable<Props['glasses']>, props: Props, ch: Character): string {
  const frame = props.colours.glasses ?? '#263238';
  switch (kind) {
    case 'round':
      return `<circle cx="206" cy="236" r="36" fill="#ffffff" fill-opacity="0.15" stroke="${frame}" stroke-width="7"/><circle cx="306" cy="236" r="36" fill="#ffffff" fill-opacity="0.15" stroke="${frame}" stroke-width="7"/><path d="M242 232 Q256 222 270 232" fill="none" stroke="${frame}" stroke-width="7"/>`;
    case 'sun':
      return `<path d="M166 216 L246 216 Q246 266 206 266 Q166 266 166 216 Z M266 216 L346 216 Q346 266 306 266 Q266 266 266 216 Z" fill="${frame}" stroke="${ch.colours.outline}" stroke-width="4"/><path d="M246 222 L266 222" stroke="${frame}" stroke-width="8"/>`;
    default: {
      const never: never = kind;
      return never;
    }
  }
}

/** Scarf, bow tie or collar where the head meets the body. */
export function neckwear(kind: NeckKind, props: Props, ch: Character, b: BodyFrame): string {
  const o = ch.colours.outline;
  const w = halfWidthAt(b, 358) + 4;
  const l = f(BODY_CX - w);
  const r = f(BODY_CX + w);
  switch (kind) {
    case 'scarf': {
      const col = colourOf(props, 'neck', '#e53935', ch);
      const dark = mix(col, '#000000', 0.25);
      return `<path d="M302 366 L336 444 L304 452 L282 376 Z" fill="${dark}" stroke="${o}" stroke-width="5" stroke-linejoin="round"/>` +
        `<path d="M${l} 342 Q256 368 ${r} 342 L${r} 372 Q256 398 ${l} 372 Z" fill="${col}" stroke="${o}" stroke-width="5" stroke-linejoin="round"/>`;
    }
    case 'bowtie': {
      const col = colourOf(props, 'neck', '#e53935', ch);
      return `<path d="M256 356 L218 336 L218 376 Z M256 356 L294 336 L294 376 Z" fill="${col}" stroke="${o}" stroke-width="5" stroke-linejoin="round"/><circle cx="256" cy="356" r="10" fill="${mix(col, '#000000', 0.25)}" stroke="${o}" stroke-width="4"/>`;
    }
    case 'collar': {
      const col = colourOf(props, 'neck', '#e53935', ch);
      return `<path d="M${l} 344 Q256 364 ${r} 344 L${r} 358 Q256 378 ${l} 358 Z" fill="${col}" stroke="${o}" stroke-width="4"/><circle cx="256" cy="378" r="12" fill="#fbc02d" stroke="${o}" stroke-width="4"/>`;
    }
    default: {
      const never: never = kind;
      return never;
    }
  }
}

/** A held thing, upright at the hand point (x, y). */
export function held(kind: HeldKind, props: Props, ch: Character, x: number, y: number): string {
  const o = ch.colours.outline;
  const at = (body: string): string => `<g transform="translate(${f(x)} ${f(y)}) scale(1.35)">${body}</g>`;
  switch (kind) {
    case 'mug': {
      const col = colourOf(props, 'held', '#ffffff', ch);
      return at(`<path d="M14 -14 Q34 -14 34 4 Q34 20 14 18" fill="none" stroke="${o}" stroke-width="6"/><rect x="-22" y="-26" width="40" height="48" rx="6" fill="${col}" stroke="${o}" stroke-width="5"/><path d="M-10 -34 Q-4 -42 -10 -50 M4 -34 Q10 -42 4 -50" fill="none" stroke="#b0bec5" stroke-width="4" stroke-linecap="round"/>`);
    }
    case 'balloon': {
      const col = colourOf(props, 'held', '#e53935', ch);
      const top = (Math.max(70, y - 190) - y) / 1.35;
      return at(`<path d="M0 0 Q-14 ${f(top / 2)} 0 ${f(top + 46)}" fill="none" stroke="${o}" stroke-width="3"/><ellipse cx="0" cy="${f(top)}" rx="40" ry="48" fill="${col}" stroke="${mix(col, '#000000', 0.4)}" stroke-width="5"/><ellipse cx="-14" cy="${f(top - 18)}" rx="8" ry="12" fill="#ffffff" fill-opacity="0.5"/>`);
    }
    case 'book': {
      const col = colourOf(props, 'held', '#1e88e5', ch);
      return at(`<rect x="-36" y="-30" width="72" height="56" rx="5" fill="${col}" stroke="${o}" stroke-width="5"/><path d="M0 -30 L0 26" stroke="${o}" stroke-width="4"/><path d="M-26 -16 L-8 -16 M-26 -4 L-8 -4 M8 -16 L26 -16 M8 -4 L26 -4" stroke="#ffffff" stroke-width="4"/>`);
    }
    case 'gift': {
      const col = colourOf(props, 'held', '#8e24aa', ch);
      return at(`<rect x="-30" y="-30" width="60" height="54" rx="4" fill="${col}" stroke="${o}" stroke-width="5"/><path d="M0 -30 L0 24 M-30 -6 L30 -6" stroke="#ffee58" stroke-width="8"/><path d="M0 -30 Q-20 -50 -22 -34 Q-16 -28 0 -30 Q16 -28 22 -34 Q20 -50 0 -30 Z" fill="#ffee58" stroke="${o}" stroke-width="3"/>`);
    }
    case 'flower': {
      const col = colourOf(props, 'held', '#ec407a', ch);
      const petals = [0, 72, 144, 216, 288].map((a) => `<ellipse cx="0" cy="-74" rx="10" ry="16" transform="rotate(${a} 0 -60)" fill="${col}"/>`).join('');
      return at(`<path d="M0 0 L0 -56" stroke="#43a047" stroke-width="6"/>${petals}<circle cx="0" cy="-60" r="9" fill="#ffee58"/>`);
    }
    default: {
      const never: never = kind;
      return never;
    }
  }
}
