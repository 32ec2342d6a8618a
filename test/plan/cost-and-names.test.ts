import { describe, expect, it } from 'vitest';
import { estimateCredits } from '../../src/plan/cost.js';
import { expectedPath, fileNameFor } from '../../src/plan/file-names.js';
import { pathsToCheck } from '../../src/plan/paths-to-check.js';
import type { Asset } from '../../src/model/manifest.js';
import { fullManifest, lockFor } from './builders.js';

describe('estimateCredits', () => {
  it('prices every kind as documented', () => {
    const m = fullManifest();
    const price = (id: string, patch: Partial<Record<string, unknown>> = {}) => estimateCredits({ ...m.assets[id]!, ...patch } as Asset);
    expect(price('wave')).toBe(1);
    expect(price('dance', { duration: 4 })).toBe(21);
    expect(price('wave-animated', { duration: 4 })).toBe(20);
    expect(price('idle-to-wave', { duration: 2 })).toBe(10);
    expect(price('wave-to-idle')).toBe(0);
    expect(price('wave-santa')).toBe(1);
    expect(price('app-logo')).toBe(20);
  });
});

describe('file names', () => {
  it('names files by id and asset key', () => {
    expect(fileNameFor('wave', 'image', 'png')).toBe('wave.png');
    expect(fileNameFor('wave', 'transparent_image', 'png')).toBe('wave-transparent.png');
    expect(fileNameFor('wave', 'video', 'mp4')).toBe('wave.mp4');
    expect(fileNameFor('wave', 'webm', 'webm')).toBe('wave.webm');
    expect(fileNameFor('wave', 'hevc', 'mov')).toBe('wave.mov');
    expect(fileNameFor('logo', 'favicon', 'png')).toBe('logo-favicon.png');
    expect(fileNameFor('x', 'constructor', 'bin')).toBe('x-constructor.bin');
  });

  it('joins the output dir with POSIX separators', () => {
    const a = { ...fullManifest().assets['wave']!, outputDir: 'public/./mascot/' } as Asset;
    expect(expectedPath(a, 'image', 'png')).toBe('public/mascot/wave.png');
  });

  it('pathsToCheck lists locked paths and the new place of moved outputs', () => {
    const m = fullManifest();
    const lock = lockFor(m);
    const paths = pathsToCheck(m, lock);
    expect(paths).toContain('assets/mascot/wave.png');
    expect(paths).toEqual([...paths].sort());
    m.assets['wave'] = { ...m.assets['wave']!, outputDir: 'pub' } as Asset;
    expect(pathsToCheck(m, lock)).toContain('pub/wave.png');
  });
});
