/** Reading descriptions and prompts: words, clauses, and which colour goes with which part ("a blue scarf"). */
import { colourAt } from './palette.js';

/** Lower-case words of a text; hex colours (#ff8800) stay one word. */
export function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/#[0-9a-f]{6}\b|[a-z]+/g) ?? [];
}

/** Whether any of the word stems starts a word of the text (stems are regex sources, e.g. 'danc', 'hi\\b'). */
export function mentions(text: string, ...stems: string[]): boolean {
  return stems.some((s) => new RegExp(`\\b${s}`).test(text));
}

/** Clauses of a prompt in reading order: edits append theirs, so later clauses override earlier ones. */
export function clausesOf(text: string): string[] {
  return text.toLowerCase().split(/[,;.!?\n]+|\bthen\b|\bbut\b/).map((c) => c.trim()).filter((c) => c !== '');
}

/** One colour named in a text, and the part it colours when a known noun follows it closely. */
export interface ColourMention {
  hex: string;
  /** the noun it qualifies ("scarf" in "a blue wool scarf"), if one of `parts` */
  part?: string;
}

/**
 * Colours of a text in reading order, each tied to the first of `parts` among the next three words
 * (stopping at the next colour), so "an orange fox with a blue scarf" gives orange (free) and blue → scarf.
 */
export function colourMentions(text: string, parts: ReadonlySet<string>): ColourMention[] {
  const words = wordsOf(text);
  const out: ColourMention[] = [];
  for (let i = 0; i < words.length; i++) {
    const hex = colourAt(words, i);
    if (hex === undefined) continue;
    let part: string | undefined;
    for (let j = i + 1; j <= i + 3 && j < words.length; j++) {
      if (colourAt(words, j) !== undefined) break;
      const noun = singular(words[j]!);
      if (parts.has(noun)) {
        part = noun;
        break;
      }
    }
    out.push(part === undefined ? { hex } : { hex, part });
  }
  return out;
}

/** A crude singular for matching nouns ("ears" → "ear", "glasses" stays). */
export function singular(word: string): string {
  if (word === 'glasses' || word === 'sunglasses') return word;
  if (word.endsWith('ies')) return word.slice(0, -3) + 'y';
  if (word.endsWith('es') && /(x|sh|ch)es$/.test(word)) return word.slice(0, -2);
  return word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
}
