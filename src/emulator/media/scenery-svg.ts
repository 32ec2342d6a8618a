/** What surrounds the mascot: falling snow, hearts, a night sky, confetti. Placement follows the generation's seed. */
import { seededRandom } from './seed-hash.js';
import { f } from './svg-util.js';

/** Snowflakes falling with the animation phase (no ground: it would paint a band across the bottom). */
export function snow(seed: number, phase: number): string {
  const rnd = seededRandom(seed ^ 0x5eed);
  const flakes: string[] = [];
  for (let i = 0; i < 18; i++) {
    const x = rnd() * 512;
    const y = (rnd() * 512 + phase * 512) % 512;
    flakes.push(`<circle cx="${f(x)}" cy="${f(y)}" r="${f(4 + rnd() * 6)}" fill="#ffffff" stroke="#b0bec5" stroke-width="1"/>`);
  }
  return flakes.join('');
}

/** Hearts rising with the phase. */
export function hearts(phase: number): string {
  const heart = (x: number, y: number, s: number): string =>
    `<path transform="translate(${f(x)} ${f(y)}) scale(${s})" d="M0 6 C0 -4 14 -4 14 6 C14 14 0 20 0 26 C0 20 -14 14 -14 6 C-14 -4 0 -4 0 6 Z" fill="#d50000"/>`;
  const rise = phase * 60;
  return heart(76, 110 - rise, 1.4) + heart(446, 140 - rise, 1.1) + heart(410, 50 - rise * 0.5, 0.9);
}

/** Stars (twinkling with the phase) and a crescent moon, drawn on the night backdrop. */
export function nightSky(seed: number, phase: number, sky: string): string {
  const rnd = seededRandom(seed ^ 0x57a5);
  const stars: string[] = [`<circle cx="430" cy="78" r="34" fill="#fff59d"/><circle cx="446" cy="66" r="30" fill="${sky}"/>`];
  for (let i = 0; i < 22; i++) {
    const x = rnd() * 512;
    const y = rnd() * 300;
    const r = 1.5 + rnd() * 2.5;
    const twinkle = 0.55 + 0.45 * Math.abs(Math.sin((phase + rnd()) * Math.PI * 2));
    stars.push(`<circle cx="${f(x)}" cy="${f(y)}" r="${f(r)}" fill="#ffffff" fill-opacity="${f(twinkle)}"/>`);
  }
  return stars.join('');
}

const CONFETTI = ['#e53935', '#fdd835', '#43a047', '#1e88e5', '#8e24aa', '#ff7043'];

/** Confetti falling with the phase. */
export function confetti(seed: number, phase: number): string {
  const rnd = seededRandom(seed ^ 0xc0ff);
  const bits: string[] = [];
  for (let i = 0; i < 24; i++) {
    const x = rnd() * 512;
    const y = (rnd() * 440 + phase * 440) % 440;
    const rot = rnd() * 180;
    bits.push(`<rect x="${f(x)}" y="${f(y)}" width="10" height="5" transform="rotate(${f(rot + phase * 360)} ${f(x + 5)} ${f(y + 2.5)})" fill="${CONFETTI[i % CONFETTI.length]}"/>`);
  }
  return bits.join('');
}
