import { describe, expect, it } from 'vitest';
import { loadManifest, nameFromId } from '../../src/manifest/index.js';
import type { Manifest } from '../../src/model/manifest.js';

function load(text: string): Manifest {
  const r = loadManifest(text);
  expect(r.diagnostics).toEqual([]);
  expect(r.manifest).toBeDefined();
  return r.manifest!;
}

const strip = (m: Manifest) => JSON.parse(JSON.stringify(m, (k, v: unknown) => (k === 'span' ? undefined : v))) as Manifest;

describe('normalisation', () => {
  it('applies defaults: output dir, gallery, duration and loop, no budget', () => {
    const m = strip(
      load(`version: 1
collection: col_1
assets:
  dance: { type: animation, image_prompt: pose, animation_prompt: dancing }
`),
    );
    expect(m.output).toEqual({ dir: 'masko-assets', gallery: false });
    expect(m.budget).toBeUndefined();
    expect(m.collection).toEqual({ kind: 'id', id: 'col_1' });
    expect(m.assets.dance).toEqual({
      id: 'dance', name: 'Dance', outputDir: 'masko-assets', kind: 'animation',
      image_prompt: 'pose', animation_prompt: 'dancing', duration: 4, loop: false,
    });
  });

  it('takes defaults from `defaults:` and lets an asset override them', () => {
    const m = load(`version: 1
collection: col_1
defaults: { duration: 6, loop: true }
assets:
  img: { type: image, image_prompt: x }
  a: { type: animation, source: img, animation_prompt: y }
  b: { type: animation, source: img, animation_prompt: y, duration: 2, loop: false }
`);
    expect(m.assets.a).toMatchObject({ kind: 'animate', duration: 6, loop: true, source: { kind: 'local', id: 'img' } });
    expect(m.assets.b).toMatchObject({ kind: 'animate', duration: 2, loop: false });
  });

  it('derives names from ids', () => {
    expect(nameFromId('wave-santa')).toBe('Wave santa');
    expect(nameFromId('idle_to__wave')).toBe('Idle to wave');
    expect(nameFromId('3d-logo')).toBe('3d logo');
    const m = load(`version: 1
collection: col_1
assets:
  wave-santa: { type: image, image_prompt: x }
  named: { type: image, name: My Name, image_prompt: x }
`);
    expect(m.assets['wave-santa']!.name).toBe('Wave santa');
    expect(m.assets.named!.name).toBe('My Name');
  });

  it('expands a reverse into its own asset right after its transition', () => {
    const m = load(`version: 1
collection: col_1
output: { dir: ./assets/mascot/ }
assets:
  idle: { type: image, image_prompt: a }
  wave: { type: image, image_prompt: b }
  idle-to-wave: { type: animation, source: idle, end: wave, animation_prompt: go, reverse: wave-to-idle, output: clips }
  other: { type: animation, source: wave, end: idle, animation_prompt: go, reverse: { id: back, name: Going back } }
  last: { type: image, image_prompt: c }
`);
    expect(Object.keys(m.assets)).toEqual(['idle', 'wave', 'idle-to-wave', 'wave-to-idle', 'other', 'back', 'last']);
    expect(strip(m).assets['wave-to-idle']).toEqual({ id: 'wave-to-idle', name: 'Wave to idle', outputDir: 'clips', kind: 'reverse', parent: 'idle-to-wave' });
    expect(strip(m).assets.back).toEqual({ id: 'back', name: 'Going back', outputDir: 'assets/mascot', kind: 'reverse', parent: 'other' });
    expect(m.assets['idle-to-wave']).toMatchObject({ kind: 'transition', reverse: { id: 'wave-to-idle', name: 'Wave to idle' }, duration: 4 });
    expect(m.assets['idle-to-wave']).not.toHaveProperty('loop');
    expect(m.assets.idle!.outputDir).toBe('assets/mascot');
  });

  it('accepts an explicit loop: false on a transition', () => {
    const m = load(`version: 1
collection: col_1
assets:
  a: { type: image, image_prompt: a }
  b: { type: image, image_prompt: b }
  t: { type: animation, source: a, end: b, animation_prompt: go, loop: false }
`);
    expect(m.assets.t!.kind).toBe('transition');
  });

  it('normalises output paths and a defined collection (project defaults to its name)', () => {
    const m = strip(
      load(`version: 1
collection: { name: Fox, description: a fox }
output: { dir: "assets//x/../y/", typescript: ./src/gen/assets.ts, gallery: true }
budget: 0
assets:
  a: { type: image, image_prompt: a, output: "." }
  b: { type: image, image_prompt: b, output: ./logos/ }
`),
    );
    expect(m.collection).toEqual({ kind: 'define', name: 'Fox', description: 'a fox', project: 'Fox' });
    expect(m.output).toEqual({ dir: 'assets/y', typescript: 'src/gen/assets.ts', gallery: true });
    expect(m.budget).toBe(0);
    expect(m.assets.a!.outputDir).toBe('.');
    expect(m.assets.b!.outputDir).toBe('logos');
  });

  it('keeps external references and edit/logo fields', () => {
    const m = strip(
      load(`version: 1
collection: { name: Fox, description: a fox, project: Apps }
assets:
  e: { type: edit, source: { asset_id: ast_9 }, edit_instructions: hat }
  an: { type: animation, source: { asset_id: ast_9 }, end: e, animation_prompt: go }
  l: { type: logo, logo_description: d, logo_style_name: n, logo_style_instruction: i }
`),
    );
    expect(m.collection).toMatchObject({ project: 'Apps' });
    expect(m.assets.e).toMatchObject({ kind: 'edit', source: { kind: 'external', assetId: 'ast_9' }, edit_instructions: 'hat' });
    expect(m.assets.an).toMatchObject({ kind: 'transition', source: { kind: 'external', assetId: 'ast_9' }, end: { kind: 'local', id: 'e' } });
    expect(m.assets.l).toEqual({ id: 'l', name: 'L', outputDir: 'masko-assets', kind: 'logo', logo_description: 'd', logo_style_name: 'n', logo_style_instruction: 'i' });
  });

  it('records each asset span at its key', () => {
    const text = `version: 1\ncollection: col_1\nassets:\n  idle: { type: image, image_prompt: a }\n`;
    const m = load(text);
    const span = m.assets.idle!.span!;
    expect(text.slice(span.start, span.end)).toBe('idle');
  });

  it('accepts an empty assets map', () => {
    expect(Object.keys(load('version: 1\ncollection: col_1\nassets: {}\n').assets)).toEqual([]);
  });
});
