/** A generated manifest of N assets in three dependency levels: images, edits of them, animations of those edits. */

/** Sizes of the three levels. */
export interface Levels {
  images: number;
  edits: number;
  animations: number;
}

/** The shape: 200 assets, 80 + 80 + 40. */
export const DEFAULT_LEVELS: Levels = { images: 80, edits: 80, animations: 40 };

/**
 * masko.yaml text: a collection by definition (created on the first sync), `img-NNN` images,
 * `edit-NNN` editing `img-NNN`, and `anim-NNN` animating `edit-NNN` for 1 s: each level waits for
 * the one before (an animation has no image of its own, so the edit level is what the chain needs).
 */
export function threeLevelManifest(levels: Levels = DEFAULT_LEVELS): string {
  if (levels.edits > levels.images || levels.animations > levels.edits) throw new Error('each level must be no larger than the one before');
  const n = (i: number) => String(i).padStart(3, '0');
  const lines = [
    'version: 1',
    'collection:',
    '  name: Bench fox',
    '  description: a small orange fox with big round eyes, friendly cartoon style',
    '  project: Bench',
    'output:',
    '  dir: assets',
    'assets:',
  ];
  for (let i = 0; i < levels.images; i++) lines.push(`  img-${n(i)}: { type: image, image_prompt: pose number ${i} with a friendly smile }`);
  for (let i = 0; i < levels.edits; i++) lines.push(`  edit-${n(i)}: { type: edit, source: img-${n(i)}, edit_instructions: add hat number ${i} }`);
  for (let i = 0; i < levels.animations; i++) lines.push(`  anim-${n(i)}: { type: animation, source: edit-${n(i)}, animation_prompt: waving number ${i}, duration: 1 }`);
  return lines.join('\n') + '\n';
}

/** How many assets the manifest holds. */
export function assetCount(levels: Levels = DEFAULT_LEVELS): number {
  return levels.images + levels.edits + levels.animations;
}
