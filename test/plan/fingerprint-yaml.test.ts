import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/graph/index.js';
import { loadManifest } from '../../src/manifest/index.js';
import { buildPlan } from '../../src/plan/build-plan.js';

/** id → planned fingerprint of a manifest text, through the real loader and graph. */
function fingerprints(text: string): Record<string, string> {
  const { manifest, diagnostics } = loadManifest(text);
  if (!manifest) throw new Error(JSON.stringify(diagnostics));
  const plan = buildPlan(manifest, buildGraph(manifest), undefined, { files: {} });
  return Object.fromEntries(plan.waves.flat().map((s) => [s.id, s.fingerprint!]));
}

const BASE = `version: 1
collection: col_1
assets:
  wave: { type: image, image_prompt: waving hello }
  wave-animated: { type: animation, source: wave, animation_prompt: waving smoothly }
  idle-to-wave: { type: animation, source: wave, end: wave, animation_prompt: to waving, duration: 3, reverse: back }
`;

describe('fingerprints from YAML', () => {
  it('ignore comments, key order, quoting and flow vs block style', () => {
    const rewritten = `# a comment at the top
version: 1
assets:
  # the wave
  idle-to-wave:
    reverse: back          # trailing comment
    duration: 3
    animation_prompt: "to waving"
    end: wave
    source: wave
    type: animation
  wave-animated:
    animation_prompt: 'waving smoothly'
    source: wave
    type: animation
  wave:
    image_prompt: waving hello
    type: image
collection: "col_1"
`;
    expect(fingerprints(rewritten)).toEqual(fingerprints(BASE));
  });

  it('ignore name, output paths and defaults written out explicitly', () => {
    const explicit = BASE.replace('waving smoothly }', 'waving smoothly, duration: 4, loop: false, name: Waving, output: public/anim }')
      .replace('type: image,', 'type: image, name: Hello there,')
      .replace('collection: col_1', 'collection: col_1\noutput: { dir: somewhere/else }\ndefaults: { duration: 4, loop: false }');
    expect(fingerprints(explicit)).toEqual(fingerprints(BASE));
  });

  it('change with a changed default that applies, and cascade from an upstream prompt', () => {
    const longer = fingerprints(BASE.replace('collection: col_1', 'collection: col_1\ndefaults: { duration: 5 }'));
    const base = fingerprints(BASE);
    expect(longer['wave-animated']).not.toBe(base['wave-animated']);
    expect(longer['idle-to-wave']).toBe(base['idle-to-wave']); // its duration is explicit
    const prompt = fingerprints(BASE.replace('image_prompt: waving hello', 'image_prompt: waving goodbye'));
    for (const id of ['wave', 'wave-animated', 'idle-to-wave', 'back']) expect(prompt[id], id).not.toBe(base[id]);
  });
});
