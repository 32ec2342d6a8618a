/** Appending imported entries keeps every byte of the rest of masko.yaml, and the result loads as the planner will read it. */
import { describe, expect, it } from 'vitest';
import { appendAssets } from '../../src/manifest/append-assets.js';
import { loadManifest } from '../../src/manifest/index.js';

const ENTRY = { id: 'waving-hello', fields: { type: 'image', name: 'Waving Hello!', image_prompt: 'waving: "hi", friend' }, comment: 'imported from Masko item it_1 ("Waving Hello!")' };

describe('appendAssets', () => {
  it('splices the entries after the last asset: comments, quoting, folded text and what follows stay byte for byte', () => {
    const head = `# top\nversion: 1\ncollection:   col_1   # odd spacing\nassets:\n  # idle\n  idle: { type: image, image_prompt: "standing" }\n  long:\n    type: animation\n    image_prompt: >-\n      folded\n      text\n    animation_prompt: 'moving'   # trail\n`;
    const tail = `# footer\nbudget: 10\n`;
    const out = appendAssets(head + tail, [ENTRY]);
    expect(out.startsWith(head)).toBe(true);
    expect(out.endsWith(tail)).toBe(true);
    expect(out.slice(head.length, -tail.length)).toBe('\n  # imported from Masko item it_1 ("Waving Hello!")\n  waving-hello:\n    type: image\n    name: Waving Hello!\n    image_prompt: \'waving: "hi", friend\'\n');
    const loaded = loadManifest(out);
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.manifest!.assets['waving-hello']).toMatchObject({ kind: 'image', name: 'Waving Hello!', image_prompt: 'waving: "hi", friend' });
    expect(loaded.manifest!.budget).toBe(10);
  });

  it('follows the indentation of the assets map, and a file without a final newline', () => {
    const out = appendAssets('version: 1\ncollection: c\nassets:\n    a: { type: image, image_prompt: x }', [{ id: 'b', fields: { type: 'image', imported: true }, comment: 'two\nlines' }]);
    expect(out).toBe('version: 1\ncollection: c\nassets:\n    a: { type: image, image_prompt: x }\n\n    # two\n    # lines\n    b:\n      type: image\n      imported: true\n');
    expect(loadManifest(out).manifest?.assets.b).toMatchObject({ imported: true });
  });

  it('turns an empty flow map into a block', () => {
    const out = appendAssets('version: 1\ncollection: c\nassets: {}\n', [ENTRY]);
    expect(loadManifest(out).manifest?.assets['waving-hello']).toBeDefined();
    expect(out).toContain('assets:\n  # imported from Masko item it_1');
  });
});
