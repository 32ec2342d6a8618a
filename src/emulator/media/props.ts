/**
 * What the mascot wears or holds: a character's accessories (from the collection's description) and a
 * prompt's props on top ("add a santa hat", "remove the scarf"). Clauses apply in order, so an edit's
 * instructions, which follow its source's prompt, win.
 */
import { clausesOf, colourMentions, mentions } from './words.js';

export type HatKind = 'santa' | 'wizard' | 'party' | 'crown' | 'beanie' | 'cap' | 'top';
export type NeckKind = 'scarf' | 'bowtie' | 'collar';
export type HeldKind = 'mug' | 'balloon' | 'book' | 'gift' | 'flower';
/** Parts a colour word can name ("a blue scarf"). */
export type PropSlot = 'hat' | 'neck' | 'glasses' | 'held';

/** Worn and held things, each with an optional colour. */
export interface Props {
  hat: HatKind | null;
  glasses: 'round' | 'sun' | null;
  neck: NeckKind | null;
  held: HeldKind | null;
  colours: Partial<Record<PropSlot, string>>;
}

/** Nothing worn, nothing held. */
export const NO_PROPS: Props = { hat: null, glasses: null, neck: null, held: null, colours: {} };

/** Noun → the slot a colour before it paints. */
export const PROP_NOUNS: Readonly<Record<string, PropSlot>> = {
  hat: 'hat', cap: 'hat', beanie: 'hat', crown: 'hat', scarf: 'neck', bandana: 'neck', bow: 'neck', bowtie: 'neck', tie: 'neck',
  collar: 'neck', glasses: 'glasses', sunglasses: 'glasses', shades: 'glasses', balloon: 'held', mug: 'held', cup: 'held',
  book: 'held', gift: 'held', flower: 'held', rose: 'held',
};
const NOUNS = new Set(Object.keys(PROP_NOUNS));

const NEGATION = /\b(no|without|remove[sd]?|removing|take[sn]? off|taking off|drop|lose|not wearing|minus|get rid of)\b/;

function hatIn(c: string): HatKind | null {
  if (mentions(c, 'santa', 'christmas')) return 'santa';
  if (mentions(c, 'wizard', 'witch')) return 'wizard';
  if (mentions(c, 'party hat', 'birthday hat')) return 'party';
  if (mentions(c, 'crown', 'king\\b', 'queen', 'princess', 'prince\\b', 'royal')) return 'crown';
  if (mentions(c, 'beanie', 'woolly hat', 'wool hat', 'knit')) return 'beanie';
  if (mentions(c, 'cap\\b', 'caps\\b', 'baseball')) return 'cap';
  if (mentions(c, 'hat\\b', 'hats\\b', 'top hat')) return 'top';
  return null;
}

function neckIn(c: string): NeckKind | null {
  if (mentions(c, 'scarf', 'scarves', 'bandana')) return 'scarf';
  if (mentions(c, 'bow ?tie', 'bow\\b', 'tie\\b', 'necktie')) return 'bowtie';
  if (mentions(c, 'collar')) return 'collar';
  return null;
}

function heldIn(c: string): HeldKind | null {
  if (mentions(c, 'coffee', 'mug', 'tea\\b', 'cup\\b', 'cocoa')) return 'mug';
  if (mentions(c, 'balloon')) return 'balloon';
  if (mentions(c, 'book', 'reading')) return 'book';
  if (mentions(c, 'gift', 'present box', 'presents\\b', 'birthday')) return 'gift';
  if (mentions(c, 'flower', 'rose\\b', 'roses\\b', 'bouquet', 'tulip')) return 'flower';
  return null;
}

function glassesIn(c: string): Props['glasses'] {
  if (mentions(c, 'sunglasses', 'shades')) return 'sun';
  if (mentions(c, 'glasses', 'spectacles', 'goggles')) return 'round';
  return null;
}

/** `base` with the props of `text` applied clause by clause: a mention adds, a negated mention removes. */
export function applyProps(base: Props, text: string): Props {
  const out: Props = { ...base, colours: { ...base.colours } };
  for (const clause of clausesOf(text)) {
    const remove = NEGATION.test(clause);
    const hat = hatIn(clause);
    const neck = neckIn(clause);
    const held = heldIn(clause);
    const glasses = glassesIn(clause);
    if (hat) out.hat = remove ? null : hat;
    if (neck) out.neck = remove ? null : neck;
    if (held) out.held = remove ? null : held;
    if (glasses) out.glasses = remove ? null : glasses;
    if (remove) continue;
    for (const m of colourMentions(clause, NOUNS)) if (m.part !== undefined) out.colours[PROP_NOUNS[m.part]!] = m.hex;
  }
  return out;
}
