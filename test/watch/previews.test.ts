/** --preview: which steps become free previews and which generations wait for a real sync. */
import { describe, expect, test } from 'vitest';
import { buildGraph } from '../../src/graph/index.js';
import { loadManifest } from '../../src/manifest/index.js';
import type { Lockfile } from '../../src/model/lock.js';
import type { Plan, PlanStep } from '../../src/model/plan.js';
import { buildPlan } from '../../src/plan/index.js';
import { extensionOf, splitPreviews } from '../../src/watch/previews.js';

const yaml = (wave: string) => `version: 1
collection: { name: Fox, description: an orange fox }
defaults: { duration: 1 }
assets:
  idle: { type: image, image_prompt: "standing" }
  wave: { type: image, image_prompt: "${wave}" }
  wave-animated: { type: animation, source: wave, animation_prompt: "waving" }
  hat: { type: edit, source: idle, edit_instructions: "add a hat" }
  logo: { type: logo, logo_description: fox, logo_style_name: flat, logo_style_instruction: flat colours }
`;

function planOf(text: string, lock?: Lockfile) {
  const r = loadManifest(text);
  if (!r.manifest) throw new Error(JSON.stringify(r.diagnostics));
  return { manifest: r.manifest, plan: buildPlan(r.manifest, buildGraph(r.manifest), lock, { files: {} }) };
}

describe('splitPreviews', () => {
  test('new images become previews; generations that need them are held back; the rest stays', () => {
    const { manifest, plan } = planOf(yaml('waving'));
    const split = splitPreviews(plan, manifest);
    expect(split.previews).toEqual([
      { id: 'idle', prompt: 'standing' },
      { id: 'wave', prompt: 'waving' },
    ]);
    expect(split.held.sort()).toEqual(['hat', 'wave-animated']);
    expect(split.plan.waves.flat().map((s) => s.id)).toEqual(['logo']);
    expect(split.plan.summary.credits).toBe(20);
    expect(split.plan.summary.create).toBe(1);
  });

  test('a regeneration is previewed only when image_prompt changed', () => {
    const { manifest, plan } = planOf(yaml('waving'));
    const step = (id: string, changed: string[]): PlanStep => ({ id, action: 'regenerate', reason: `${changed.join(', ')} changed`, credits: 1, depends_on: [], kind: 'image', changed });
    const regen: Plan = { ...plan, waves: [[step('idle', ['collection']), step('wave', ['image_prompt'])]] };
    const split = splitPreviews(regen, manifest);
    expect(split.previews).toEqual([{ id: 'wave', prompt: 'waving' }]);
    expect(split.plan.waves.flat().map((s) => s.id)).toEqual(['idle']);
    expect(split.plan.summary).toMatchObject({ regenerate: 1, credits: 1 });
  });

  test('preview URLs keep a known image extension, else png', () => {
    expect(extensionOf('https://cdn.example/p/abc.webp?x=1')).toBe('webp');
    expect(extensionOf('https://cdn.example/p/abc')).toBe('png');
    expect(extensionOf('not a url')).toBe('png');
  });
});
