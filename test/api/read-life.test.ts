/** The client's readers of uploads, collection references and item prompts, in every documented variant. */
import { describe, expect, it } from 'vitest';
import { readCollection, readItem, readUpload } from '../../src/api/read-wire.js';
import { uploadProblem, uploadTypeOf } from '../../src/api/upload-check.js';

describe('readUpload', () => {
  it.each([
    [{ data: { asset_id: 'a1', url: 'https://cdn/x.png' } }, { assetId: 'a1', url: 'https://cdn/x.png' }],
    [{ asset_id: 'a1' }, { assetId: 'a1' }],
    [{ id: 'a1', type: 'image' }, { assetId: 'a1' }],
    [{ data: { asset: { id: 'a1', url: 'u' } } }, { assetId: 'a1', url: 'u' }],
  ])('%j', (raw, view) => expect(readUpload(raw)).toEqual(view));

  it('writes no id it did not get', () => {
    expect(readUpload({ data: { url: 'u' } })).toBeUndefined();
    expect(readUpload({ asset_id: '' })).toBeUndefined();
  });
});

describe('references and prompts', () => {
  it('reads reference_asset_ids under config, or at the top', () => {
    expect(readCollection({ data: { id: 'c', config: { reference_asset_ids: ['a', 'b'] } } })?.referenceAssetIds).toEqual(['a', 'b']);
    expect(readCollection({ id: 'c', reference_asset_ids: ['a'] })?.referenceAssetIds).toEqual(['a']);
    expect(readCollection({ id: 'c' })?.referenceAssetIds).toBeUndefined();
  });

  it('reads an item\'s prompts: image_prompt and animation_prompt, or the docs\' one `prompt`', () => {
    expect(readItem({ id: 'i', image_prompt: 'p', animation_prompt: 'm', duration: 4, loop: false, assets: [] })).toMatchObject({ imagePrompt: 'p', animationPrompt: 'm', duration: 4, loop: false });
    expect(readItem({ id: 'i', prompt: 'p', assets: [] })).toMatchObject({ imagePrompt: 'p' });
    expect(readItem({ id: 'i', assets: [] })).toEqual({ id: 'i', assets: [] });
  });
});

describe('upload checks before sending', () => {
  it('knows PNG, JPEG and WebP by their bytes, and nothing else', () => {
    expect(uploadTypeOf(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('png');
    expect(uploadTypeOf(Buffer.from([0xff, 0xd8, 0xff, 0xdb]))).toBe('jpeg');
    expect(uploadTypeOf(Buffer.from('RIFF\0\0\0\0WEBPVP8 '))).toBe('webp');
    expect(uploadProblem(Buffer.from('GIF89a'))).toMatchObject({ code: 'not_image', message: expect.stringContaining('a GIF image') });
    expect(uploadProblem(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(10 * 1024 * 1024)]))).toMatchObject({ code: 'too_large' });
  });
});
