import { describe, expect, it } from 'vitest';
import { LockfileError, parseLock, serializeLock } from '../../src/lockfile/index.js';
import type { Lockfile } from '../../src/model/lock.js';
import { lockFor, manifest } from '../plan/builders.js';

function withVariants(): Lockfile {
  const lock = lockFor(manifest({ wave: { kind: 'image', image_prompt: 'waving', sizes: [480], formats: ['webp'] } }));
  const wave = lock.assets.wave!;
  wave.files['image@480'] = { url: 'https://cdn.example/wave-480.png', path: 'assets/mascot/wave-480.png', bytes: 5, sha256: 'a'.repeat(64) };
  wave.derived = { 'image.webp': { path: 'assets/mascot/wave.webp' }, 'transparent_image@480.webp': { path: 'assets/mascot/wave-transparent-480.webp' } };
  return lock;
}

function problem(lock: unknown): LockfileError {
  try {
    parseLock(JSON.stringify(lock, null, 2) + '\n');
  } catch (err) {
    if (err instanceof LockfileError) return err;
    throw err;
  }
  throw new Error('expected a LockfileError');
}

describe('variants in masko.lock', () => {
  it('size variants the API made are files (<key>@<width>); derived ones record only their path, and the lock round-trips', () => {
    const lock = withVariants();
    expect(parseLock(serializeLock(lock))).toEqual(lock);
  });

  it('a derived path that is not named after the asset and the variant key is refused with its position', () => {
    const lock = withVariants();
    lock.assets.wave!.derived!['image.webp'] = { path: 'package.json' };
    const err = problem(lock);
    expect(err.message).toMatch(/masko\.lock:\d+:\d+/);
    expect(err.message).toContain('assets.wave.derived.image.webp.path');
    const wrongName = withVariants();
    wrongName.assets.wave!.derived!['image.webp'] = { path: 'assets/mascot/wave-480.webp' };
    expect(problem(wrongName).message).toContain('that file is named wave.webp');
  });

  it('a derived entry holding a URL or a hash, or a key that is no variant, does not fit the schema', () => {
    const withUrl = withVariants() as unknown as { assets: { wave: { derived: Record<string, unknown> } } };
    withUrl.assets.wave.derived['image.webp'] = { path: 'assets/mascot/wave.webp', url: 'https://cdn.example/x.webp' };
    expect(problem(withUrl).message).toMatch(/masko\.lock/);
    const plainKey = withVariants() as unknown as { assets: { wave: { derived: Record<string, unknown> } } };
    plainKey.assets.wave.derived.image = { path: 'assets/mascot/wave.png' };
    expect(problem(plainKey).message).toMatch(/masko\.lock/);
  });
});
