/** The creatures a description can name, with the features that make each recognisable in every pose. */
import { singular } from './words.js';

/** Ear (or head-top) shapes. */
export type Ears = 'pointed' | 'cat' | 'round' | 'mouse' | 'long' | 'floppy' | 'tufts' | 'antenna' | 'horns' | 'bumps' | 'crest' | 'nubs' | 'none';
/** Tail shapes (drawn behind the body, at the lower left). */
export type Tail = 'bushy' | 'thin' | 'puff' | 'wag' | 'spade' | 'feathers' | 'none';
/** Face details: muzzle, nose, beak, whiskers, patches. */
export type Face = 'fox' | 'snout' | 'cat' | 'rabbit' | 'beak' | 'panda' | 'owl' | 'robot' | 'dragon' | 'frog' | 'plain';
/** Body coat pattern. */
export type Pattern = 'none' | 'stripes' | 'spots';

/** One species: the words that name it, its features and its usual colours. */
export interface Species {
  name: string;
  words: readonly string[];
  ears: Ears;
  tail: Tail;
  face: Face;
  /** 'box' is a rounded rectangle (robots); 'bean' the usual egg */
  shape: 'bean' | 'box';
  pattern: Pattern;
  /** body colours when the description names none (one is picked by the description's hash) */
  bodies: readonly string[];
  /** belly, muzzle and ear-inner colour when the description names a single colour; default: lighter body */
  marking?: string;
  /** inner-ear colour; default: the marking */
  earInner?: string;
  /** nose colour; default: dark brown */
  nose?: string;
  /** feet (and fox ear-tip) colour; default: darker body */
  feet?: string;
  /** accent: beak, horns, antenna bulb, panel buttons */
  accent?: string;
  /** pattern colour; default: darker body */
  patternColour?: string;
  /** how far the eyes sit above the usual height (frogs' eyes bulge on top of the head) */
  eyeLift?: number;
}

const PINK = '#f8bbd0';

/** Known species, looked up by the first word of the description that names one. */
export const SPECIES: readonly Species[] = [
  { name: 'fox', words: ['fox', 'vixen', 'kitsune'], ears: 'pointed', tail: 'bushy', face: 'fox', shape: 'bean', pattern: 'none', bodies: ['#f57c00'], marking: '#fffaf2', feet: '#4e342e', nose: '#212121' },
  { name: 'wolf', words: ['wolf', 'husky', 'coyote'], ears: 'pointed', tail: 'bushy', face: 'fox', shape: 'bean', pattern: 'none', bodies: ['#90a4ae'], marking: '#f5f7f8', feet: '#455a64', nose: '#212121' },
  { name: 'cat', words: ['cat', 'kitten', 'kitty', 'kittie', 'tabby', 'meow'], ears: 'cat', tail: 'thin', face: 'cat', shape: 'bean', pattern: 'none', bodies: ['#ffa726', '#9e9e9e', '#37474f', '#f5f5f5'], earInner: PINK, nose: '#f06292' },
  { name: 'tiger', words: ['tiger', 'tigress'], ears: 'cat', tail: 'thin', face: 'cat', shape: 'bean', pattern: 'stripes', bodies: ['#fb8c00'], marking: '#fffaf2', nose: '#f06292', patternColour: '#263238' },
  { name: 'dog', words: ['dog', 'puppy', 'pup', 'doggo', 'doggy', 'hound', 'corgi', 'beagle', 'retriever'], ears: 'floppy', tail: 'wag', face: 'snout', shape: 'bean', pattern: 'none', bodies: ['#c8a27a', '#8d6e63', '#f9a825', '#efebe9'], nose: '#212121' },
  { name: 'dalmatian', words: ['dalmatian'], ears: 'floppy', tail: 'wag', face: 'snout', shape: 'bean', pattern: 'spots', bodies: ['#fafafa'], marking: '#ffffff', feet: '#424242', nose: '#212121', patternColour: '#263238' },
  { name: 'bear', words: ['bear', 'teddy', 'grizzly', 'cub'], ears: 'round', tail: 'none', face: 'snout', shape: 'bean', pattern: 'none', bodies: ['#8d6e63'], nose: '#3e2723' },
  { name: 'panda', words: ['panda'], ears: 'round', tail: 'none', face: 'panda', shape: 'bean', pattern: 'none', bodies: ['#fafafa'], marking: '#ffffff', earInner: '#263238', feet: '#263238', nose: '#263238' },
  { name: 'koala', words: ['koala'], ears: 'mouse', tail: 'none', face: 'snout', shape: 'bean', pattern: 'none', bodies: ['#9e9e9e'], marking: '#eeeeee', nose: '#37474f' },
  { name: 'rabbit', words: ['rabbit', 'bunny', 'hare', 'bunnie'], ears: 'long', tail: 'puff', face: 'rabbit', shape: 'bean', pattern: 'none', bodies: ['#f5f5f5', '#bcaaa4', '#b0bec5'], earInner: PINK, nose: '#f06292' },
  { name: 'mouse', words: ['mouse', 'mice', 'rat', 'hamster', 'gerbil'], ears: 'mouse', tail: 'thin', face: 'cat', shape: 'bean', pattern: 'none', bodies: ['#b0bec5', '#bcaaa4'], earInner: PINK, nose: '#f06292' },
  { name: 'owl', words: ['owl', 'owlet'], ears: 'tufts', tail: 'feathers', face: 'owl', shape: 'bean', pattern: 'none', bodies: ['#8d6e63', '#a1887f'], accent: '#ffa000' },
  { name: 'bird', words: ['bird', 'birdie', 'chick', 'parrot', 'duck', 'duckling', 'chicken', 'sparrow', 'robin', 'canary'], ears: 'crest', tail: 'feathers', face: 'beak', shape: 'bean', pattern: 'none', bodies: ['#fdd835', '#42a5f5', '#66bb6a'], accent: '#ff8f00', feet: '#ff8f00' },
  { name: 'penguin', words: ['penguin'], ears: 'none', tail: 'none', face: 'beak', shape: 'bean', pattern: 'none', bodies: ['#37474f'], marking: '#fafafa', accent: '#ff8f00', feet: '#ff8f00' },
  { name: 'robot', words: ['robot', 'bot', 'droid', 'android', 'cyborg', 'mech', 'automaton'], ears: 'antenna', tail: 'none', face: 'robot', shape: 'box', pattern: 'none', bodies: ['#b0bec5', '#90caf9'], accent: '#00e5ff', feet: '#546e7a' },
  { name: 'dragon', words: ['dragon', 'dino', 'dinosaur', 'lizard', 'rex', 'trex'], ears: 'horns', tail: 'spade', face: 'dragon', shape: 'bean', pattern: 'none', bodies: ['#43a047', '#7e57c2', '#e53935'], marking: '#fff59d', accent: '#fff3e0' },
  { name: 'frog', words: ['frog', 'toad', 'froggy'], ears: 'bumps', tail: 'none', face: 'frog', shape: 'bean', pattern: 'spots', bodies: ['#7cb342'], eyeLift: 66 },
];

/** What a description naming no species gets: a round critter whose head-top comes from the description's hash. */
export const CRITTER: Species = {
  name: 'critter', words: [], ears: 'nubs', tail: 'none', face: 'plain', shape: 'bean', pattern: 'none',
  bodies: ['#ff7043', '#42a5f5', '#66bb6a', '#ab47bc', '#ffca28', '#26a69a', '#ec407a', '#8d6e63'],
};
const CRITTER_TOPS: readonly Ears[] = ['nubs', 'round', 'antenna', 'crest', 'none'];

const BY_WORD = new Map(SPECIES.flatMap((s) => s.words.map((w) => [w, s] as const)));

/** The first species the words name ("a cat-like robot" is a cat), or the critter with a hashed head-top. */
export function speciesOf(words: readonly string[], hash: number): Species {
  for (const w of words) {
    const s = BY_WORD.get(w) ?? BY_WORD.get(singular(w)) ?? (w.endsWith('bot') ? BY_WORD.get('bot') : undefined);
    if (s) return s;
  }
  return { ...CRITTER, ears: CRITTER_TOPS[hash % CRITTER_TOPS.length]! };
}

/** Whether the words ask for a coat pattern the species does not have ("a striped cat", "a spotted dog"). */
export function patternOf(words: readonly string[], species: Species): Pattern {
  if (words.some((w) => /^(striped|stripes|stripy|tabby)$/.test(w))) return 'stripes';
  if (words.some((w) => /^(spotted|spots|spotty|dotted|freckled)$/.test(w))) return 'spots';
  return species.pattern;
}
