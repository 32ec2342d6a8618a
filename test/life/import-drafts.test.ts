/** What import makes of items (pure): ids from names, prompts or the marker, the latest generation's files, reasons to skip. */
import { describe, expect, it } from 'vitest';
import type { ItemView } from '../../src/api/views.js';
import { draftImports, idFromName, type ImportTaken } from '../../src/operations/import-drafts.js';

const none: ImportTaken = { ids: new Set(), lockItems: new Map() };
const file = (id: string, key: string, jobId?: string) => ({ id, key, url: `https://cdn.test/${id}.${key === 'image' || key === 'transparent_image' ? 'png' : 'webm'}`, status: 'ready', ...(jobId ? { jobId } : {}) });

describe('import drafts', () => {
  it('derives file-name-safe ids from names, unique among themselves', () => {
    expect(idFromName('Waving Hello!', 'x')).toBe('waving-hello');
    expect(idFromName('Écharpe — bleue', 'x')).toBe('echarpe-bleue');
    expect(idFromName('!!!', 'It_9ABC')).toBe('item-it9abc');
    const items: ItemView[] = [1, 2].map((n) => ({ id: `it_${n}`, name: 'Wave', type: 'image', imagePrompt: 'w', assets: [file(`a${n}`, 'image')] }));
    expect(draftImports(items, none, new Map()).drafts.map((d) => d.id)).toEqual(['wave', 'wave-2']);
  });

  it('writes the prompts the API gives, and `imported: true` otherwise', () => {
    const items: ItemView[] = [
      { id: 'i1', name: 'Pose', type: 'image', imagePrompt: 'standing', assets: [file('a', 'image')] },
      { id: 'i2', name: 'Dance', type: 'animation', imagePrompt: 'pose', animationPrompt: 'dancing', duration: 2, loop: true, assets: [file('b', 'image'), file('c', 'webm')] },
      { id: 'i3', name: 'Clip', type: 'animation', animationPrompt: 'waving', duration: 2, loop: false, assets: [file('d', 'webm')] },
      { id: 'i4', name: 'Logo', type: 'logo', assets: [file('e', 'logo')] },
    ];
    const { drafts } = draftImports(items, none, new Map());
    expect(drafts.map((d) => [d.id, d.fields])).toEqual([
      ['pose', { type: 'image', image_prompt: 'standing' }],
      ['dance', { type: 'animation', image_prompt: 'pose', animation_prompt: 'dancing', duration: 2, loop: true }],
      ['clip', { type: 'animation', imported: true }],
      ['logo', { type: 'logo', imported: true }],
    ]);
    expect(drafts[2]!.comment).toContain('its prompts are unknown');
  });

  it('takes the files of the latest generation only, and the job that made them', () => {
    const item: ItemView = { id: 'i1', name: 'Pose', type: 'image', imagePrompt: 'p', assets: [file('old', 'image', 'j1'), file('old-t', 'transparent_image', 'j1'), file('new', 'image', 'j2'), file('new-t', 'transparent_image', 'j2')] };
    const d = draftImports([item], none, new Map()).drafts[0]!;
    expect(d.files.map((f) => f.assetId)).toEqual(['new', 'new-t']);
    expect(d.jobId).toBe('j2');
    const withoutJobs: ItemView = { ...item, assets: item.assets.map(({ jobId: _j, ...a }) => a) };
    expect(draftImports([withoutJobs], none, new Map([['i1', 'j9']])).drafts[0]!.jobId).toBe('j9');
  });

  it('skips archived items, items the lock keeps, ids the manifest has, and items without finished files, each with the reason', () => {
    const items: ItemView[] = [
      { id: 'i1', name: 'A', archived: true, type: 'image', assets: [file('a', 'image')] },
      { id: 'i2', name: 'B', type: 'image', assets: [file('b', 'image')] },
      { id: 'i3', name: 'Idle', type: 'image', assets: [file('c', 'image')] },
      { id: 'i4', name: 'D', type: 'image', assets: [{ ...file('d', 'image'), status: 'pending' }] },
      { id: 'i5', name: 'E', type: 'image', assets: [file('e', 'image')] },
      { id: 'i6', name: 'F', type: 'image', assets: [file('f', 'image')] },
      { id: 'i7', name: 'G', type: 'image', assets: [file('g', 'image')] },
    ];
    const taken: ImportTaken = {
      ids: new Set(['idle']),
      lockItems: new Map([
        ['i2', { id: 'b-kept', state: 'manifest' }],
        ['i5', { id: 'e-old', state: 'superseded' }],
        ['i6', { id: 'f-orphan', state: 'orphan' }],
        ['i7', { id: 'g-cut-short', state: 'imported-orphan' }],
      ]),
    };
    const { drafts, skipped } = draftImports(items, taken, new Map());
    expect(skipped.map((s) => [s.item_id, s.reason.split(/[(:;]/)[0]!.trim()])).toEqual([
      ['i1', 'archived in Masko'],
      ['i2', 'already in masko.yaml as "b-kept"'],
      ['i3', 'the asset id "idle" is already in masko.yaml'],
      ['i4', 'it has no finished files to download'],
      ['i5', 'an old item of "e-old" that masko.lock keeps to archive'],
      ['i6', 'masko.lock records it for "f-orphan", which is no longer in masko.yaml'],
    ]);
    // An entry an import cut short is taken up again under its id.
    expect(drafts.map((d) => d.id)).toEqual(['g-cut-short']);
  });
});
