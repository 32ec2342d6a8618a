/**
 * The collection's character: one creature (species, ears, tail, markings, colours, accessories) read
 * from the collection's description, and later its reference images, never from a generation's prompt
 * or seed, so that every pose, clip, edit and logo of a collection shows the same creature.
 */
import { brightness, colourDistance, mix } from './palette.js';
import { applyProps, NO_PROPS, PROP_NOUNS, type Props } from './props.js';
import { hash32 } from './seed-hash.js';
import { patternOf, speciesOf, type Ears, type Face, type Pattern, type Tail } from './species.js';
import { colourMentions, wordsOf } from './words.js';

/** What the character is drawn from: the collection's description and its reference images' sha256 hashes. */
export interface CharacterSource {
  description: string;
  /** sha256 (hex) of the collection's reference images, in order; they vary what the words leave open */
  references?: readonly string[];
}

/** Every colour of the character. */
export interface CharacterColours {
  body: string;
  belly: string;
  outline: string;
  earInner: string;
  nose: string;
  feet: string;
  accent: string;
  pattern: string;
  /** iris ring, when the description names an eye colour */
  iris?: string;
}

/** One collection's creature. */
export interface Character {
  species: string;
  ears: Ears;
  tail: Tail;
  face: Face;
  shape: 'bean' | 'box';
  pattern: Pattern;
  colours: CharacterColours;
  /** body width factor around 1 */
  girth: number;
  /** view-box height of the eyes' centres */
  eyeY: number;
  /** what it always wears (a prompt may add or remove props on top) */
  props: Props;
  /** its usual backdrop, clearly apart from the body colour */
  background: string;
  /** the description's hash: places spots and the like identically in every image */
  seed: number;
}

type Slot = 'body' | 'belly' | 'earInner' | 'iris' | 'nose' | 'feet' | 'pattern' | 'accent';
const PART_SLOTS: Readonly<Record<string, Slot>> = {
  fur: 'body', body: 'body', coat: 'body', skin: 'body', feather: 'body', scale: 'body', shell: 'body',
  belly: 'belly', tummy: 'belly', chest: 'belly', muzzle: 'belly', cheek: 'belly', face: 'belly', tail: 'belly',
  ear: 'earInner', eye: 'iris', eyed: 'iris', nose: 'nose', paw: 'feet', foot: 'feet', feet: 'feet', sock: 'feet', boot: 'feet',
  spot: 'pattern', stripe: 'pattern', marking: 'pattern', patch: 'pattern', horn: 'accent', beak: 'accent', antenna: 'accent', wing: 'accent',
};
const ALL_NOUNS = new Set([...Object.keys(PART_SLOTS), ...Object.keys(PROP_NOUNS)]);

/** Where eyes usually sit. */
export const EYE_Y = 236;

const BACKGROUNDS = ['#fff8e1', '#e3f2fd', '#e8f5e9', '#f3e5f5', '#fce4ec', '#e0f7fa', '#fffde7', '#efebe9'];

/** The character a collection's description (and reference hashes) describe; same source, same character. */
export function characterOf(src: CharacterSource): Character {
  const text = src.description.toLowerCase().replace(/\s+/g, ' ').trim();
  const h = hash32('character', text, ...(src.references ?? []));
  const words = wordsOf(text);
  const species = speciesOf(words, h);
  const named: Partial<Record<Slot, string>> = {};
  const free: string[] = [];
  for (const m of colourMentions(text, ALL_NOUNS)) {
    if (m.part === undefined) free.push(m.hex);
    else if (m.part in PART_SLOTS) named[PART_SLOTS[m.part]!] ??= m.hex;
  }
  const body = named.body ?? free[0] ?? species.bodies[(h >>> 4) % species.bodies.length]!;
  // a second free colour is the markings' ("an orange and white fox")
  const belly = named.belly ?? free.find((c) => c !== body) ?? species.marking ?? mix(body, '#ffffff', 0.55);
  const outline = mix(body, '#000000', brightness(body) > 0.85 ? 0.6 : 0.55);
  const colours: CharacterColours = {
    body,
    belly,
    outline,
    earInner: named.earInner ?? species.earInner ?? belly,
    nose: named.nose ?? species.nose ?? '#3e2723',
    feet: named.feet ?? species.feet ?? mix(body, '#000000', 0.45),
    accent: named.accent ?? species.accent ?? mix(body, '#000000', 0.3),
    pattern: named.pattern ?? species.patternColour ?? (brightness(body) < 0.35 ? mix(body, '#ffffff', 0.4) : mix(body, '#000000', 0.45)),
  };
  if (named.iris !== undefined) colours.iris = named.iris;
  return {
    species: species.name,
    ears: species.ears,
    tail: species.tail,
    face: species.face,
    shape: species.shape,
    pattern: patternOf(words, species),
    colours,
    eyeY: EYE_Y - (species.eyeLift ?? 0),
    girth: 0.94 + ((h >>> 12) % 1000) / 1000 * 0.12,
    props: applyProps(NO_PROPS, text),
    background: backgroundFor(body, h),
    seed: h,
  };
}

/** A pastel backdrop picked by hash, skipping those too close to the body to tell apart. */
function backgroundFor(body: string, h: number): string {
  for (let i = 0; i < BACKGROUNDS.length; i++) {
    const bg = BACKGROUNDS[((h >>> 20) + i) % BACKGROUNDS.length]!;
    if (colourDistance(bg, body) > 70) return bg;
  }
  return '#cfd8dc';
}
