/** One generate body → a checked GenSpec (shape only; ids are resolved against the state later). */
import type { GenerateType } from '../api/wire.js';
import { isObj, optBool, optInt, optString, rejectExtra, reqString, type Obj } from './body.js';
import { badField } from './errors.js';

/** The generation kinds of the API table. */
export type GenKind = 'image' | 'animation' | 'animate' | 'transition' | 'edit' | 'logo';

/** A syntactically valid generation request. */
export interface GenSpec {
  kind: GenKind;
  type: GenerateType;
  name?: string;
  itemId?: string;
  imagePrompt?: string;
  animationPrompt?: string;
  duration: number;
  loop: boolean;
  sourceId?: string;
  endId?: string;
  autoReverse: boolean;
  reverseName?: string;
  editInstructions?: string;
  logo?: { description: string; styleName: string; styleInstruction: string };
  /** Widths of free size variants to make, distinct, largest first (empty: none). */
  sizes: number[];
}

const TYPES: readonly GenerateType[] = ['image', 'animation', 'edit', 'logo'];
export const DEFAULT_DURATION = 4;
export const MAX_DURATION = 15;

const ALLOWED: Record<GenKind, readonly string[]> = {
  image: ['type', 'name', 'image_prompt', 'item_id', 'sizes'],
  animation: ['type', 'name', 'image_prompt', 'animation_prompt', 'duration', 'loop', 'item_id', 'sizes'],
  animate: ['type', 'name', 'source_image_asset_id', 'animation_prompt', 'duration', 'loop', 'item_id', 'sizes'],
  transition: [
    'type', 'name', 'source_image_asset_id', 'end_image_asset_id', 'animation_prompt',
    'duration', 'loop', 'auto_reverse', 'reverse_name', 'item_id', 'sizes',
  ],
  edit: ['type', 'item_id', 'source_image_asset_id', 'edit_instructions', 'sizes'],
  logo: ['type', 'name', 'logo_description', 'logo_style_name', 'logo_style_instruction', 'item_id', 'sizes'],
};
/** The widest size variant and how many one request may ask for [choice]. */
const MAX_SIZE = 4096;
const MAX_SIZES = 8;

/** Checks one generate body; `prefix` (e.g. "items[2].") is put before field names in messages. */
export function parseGenerate(body: unknown, prefix = ''): GenSpec {
  if (!isObj(body)) throw badField(prefix.replace(/\.$/, '') || 'body', 'must be a JSON object');
  const type = body.type;
  if (type === undefined) throw badField(prefix + 'type', 'is required');
  if (typeof type !== 'string' || !TYPES.includes(type as GenerateType)) {
    throw badField(prefix + 'type', `must be one of ${TYPES.join(', ')}, got ${JSON.stringify(type)}`);
  }
  const kind = kindOf(type as GenerateType, body, prefix);
  rejectExtra(body, ALLOWED[kind], prefix);
  const itemId = optString(body, 'item_id', prefix);
  const spec: GenSpec = { kind, type: type as GenerateType, duration: DEFAULT_DURATION, loop: false, autoReverse: false, sizes: parseSizes(body, prefix) };
  if (itemId !== undefined) spec.itemId = itemId;
  if (kind !== 'edit') {
    // A regeneration names its item; a new item needs a name.
    const name = itemId === undefined ? reqString(body, 'name', prefix) : optString(body, 'name', prefix);
    if (name !== undefined) spec.name = name;
  }
  switch (kind) {
    case 'image':
      spec.imagePrompt = reqString(body, 'image_prompt', prefix);
      break;
    case 'animation':
    case 'animate':
    case 'transition':
      if (kind === 'animation') spec.imagePrompt = reqString(body, 'image_prompt', prefix);
      else spec.sourceId = reqString(body, 'source_image_asset_id', prefix);
      if (kind === 'transition') spec.endId = reqString(body, 'end_image_asset_id', prefix);
      spec.animationPrompt = reqString(body, 'animation_prompt', prefix);
      spec.duration = optInt(body, 'duration', 1, MAX_DURATION, prefix) ?? DEFAULT_DURATION;
      {
        const loop = optBool(body, 'loop', prefix);
        // A transition never loops, whatever the body says.
        spec.loop = kind === 'transition' ? false : (loop ?? false);
      }
      if (kind === 'transition') {
        spec.autoReverse = optBool(body, 'auto_reverse', prefix) ?? false;
        const reverseName = optString(body, 'reverse_name', prefix);
        if (reverseName !== undefined && !spec.autoReverse) throw badField(prefix + 'reverse_name', 'only allowed with auto_reverse: true');
        if (reverseName !== undefined) spec.reverseName = reverseName;
      }
      break;
    case 'edit':
      spec.itemId = reqString(body, 'item_id', prefix);
      spec.sourceId = reqString(body, 'source_image_asset_id', prefix);
      spec.editInstructions = reqString(body, 'edit_instructions', prefix);
      break;
    case 'logo':
      spec.logo = {
        description: reqString(body, 'logo_description', prefix),
        styleName: reqString(body, 'logo_style_name', prefix),
        styleInstruction: reqString(body, 'logo_style_instruction', prefix),
      };
      break;
    default: {
      const never: never = kind;
      throw new Error(`unhandled kind ${String(never)}`);
    }
  }
  return spec;
}

/** `sizes`: distinct whole widths from 1 to MAX_SIZE, at most MAX_SIZES of them; largest first. */
function parseSizes(body: Obj, prefix: string): number[] {
  const v = body.sizes;
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw badField(prefix + 'sizes', 'must be an array of widths in pixels');
  if (v.length > MAX_SIZES) throw badField(prefix + 'sizes', `at most ${MAX_SIZES} sizes`);
  for (const [i, n] of v.entries()) {
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_SIZE) throw badField(`${prefix}sizes[${i}]`, `must be a whole width from 1 to ${MAX_SIZE}`);
  }
  const sizes = v as number[];
  if (new Set(sizes).size !== sizes.length) throw badField(prefix + 'sizes', 'lists a width twice');
  return [...sizes].sort((a, b) => b - a);
}

/** Which animation variant a body is, from the fields it carries. */
function kindOf(type: GenerateType, body: Obj, prefix: string): GenKind {
  if (type !== 'animation') return type;
  const hasSource = body.source_image_asset_id !== undefined;
  const hasEnd = body.end_image_asset_id !== undefined;
  if (hasEnd && !hasSource) throw badField(prefix + 'source_image_asset_id', 'is required with end_image_asset_id');
  if (hasSource && body.image_prompt !== undefined) {
    throw badField(prefix + 'image_prompt', 'not allowed with source_image_asset_id (the source is the image)');
  }
  return hasEnd ? 'transition' : hasSource ? 'animate' : 'animation';
}
