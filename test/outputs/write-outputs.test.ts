// masko-assets.json v2 and the module, as writeOutputs writes them from a lock and real files:
// valid against schema/masko-assets.schema.json, with dimensions and durations read from the files,
// every manifest asset listed with its status, deterministic, and files read once per content.
import { readFile, writeFile, cp, rm } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssetIndex } from '../../src/outputs/asset-index.js';
import { probeMedia } from '../../src/outputs/probe-media.js';
import { MediaReader, type MediaProbe } from '../../src/outputs/read-media.js';
import { writeOutputs } from '../../src/outputs/write-outputs.js';
import { serializeLock } from '../../src/lockfile/index.js';
import { fixtureProject, noisePng, type FixtureProject } from './fixture-project.js';

const schema = JSON.parse(await readFile(new URL('../../schema/masko-assets.schema.json', import.meta.url), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

const YAML = `version: 1
collection: col_x
output:
  dir: public/mascot
  typescript: src/mascot-assets.ts
  public_path: /mascot
assets:
  idle: { type: image, image_prompt: idle }
  wave: { type: image, name: Waving hello, image_prompt: wave }
  wave-santa: { type: edit, source: wave, edit_instructions: hat }
  dance: { type: animation, image_prompt: d, animation_prompt: dance }
  idle-to-wave: { type: animation, source: idle, end: wave, animation_prompt: go, reverse: wave-to-idle }
  app-logo: { type: logo, logo_description: a, logo_style_name: b, logo_style_instruction: c }
  later: { type: image, image_prompt: not generated yet }
`;

let p: FixtureProject;
beforeAll(async () => {
  p = await fixtureProject(YAML, { statuses: { 'wave-santa': 'failed', 'app-logo': 'pending', later: 'missing' }, realVideo: true });
}, 60_000);
afterAll(() => p.cleanup());

const readIndex = async (project = p): Promise<AssetIndex> => JSON.parse(await readFile(project.abs('public/mascot/masko-assets.json'), 'utf8')) as AssetIndex;

function counting(): { probe: MediaProbe; calls: string[] } {
  const calls: string[] = [];
  return { calls, probe: async (abs, mime) => (calls.push(path.basename(abs)), probeMedia(abs, mime)) };
}

describe('writeOutputs: masko-assets.json', () => {
  it('validates against its schema and lists every asset with type, kind and status', async () => {
    expect(await writeOutputs(p.dir, p.manifest, p.lock)).toEqual(['public/mascot/masko-assets.json', 'src/mascot-assets.ts']);
    const index = await readIndex();
    expect(validate(index), JSON.stringify(validate.errors)).toBe(true);
    expect(index.version).toBe(2);
    const summary = Object.fromEntries(Object.entries(index.assets).map(([id, a]) => [id, [a.type, a.kind, a.status]]));
    expect(summary).toEqual({
      'app-logo': ['logo', 'logo', 'pending'],
      dance: ['animation', 'animation', 'completed'],
      idle: ['image', 'image', 'completed'],
      'idle-to-wave': ['animation', 'transition', 'completed'],
      later: ['image', 'image', 'missing'],
      wave: ['image', 'image', 'completed'],
      'wave-santa': ['edit', 'edit', 'failed'],
      'wave-to-idle': ['animation', 'reverse', 'completed'],
    });
    expect(index.assets['wave-santa']!.error).toEqual({ code: 'generation_failed', message: 'the model refused' });
    expect(index.assets['wave-santa']!.files).toEqual({});
    expect(index.assets.later!.files).toEqual({});
    expect(index.assets.wave!.name).toBe('Waving hello');
  });

  it('carries mime, bytes, sha256 and the real dimensions and durations of the files', async () => {
    const index = await readIndex();
    const idle = index.assets.idle!.files.image!;
    const bytes = await readFile(p.abs('public/mascot/idle.png'));
    expect(idle).toEqual({
      url: 'https://cdn.masko.test/idle/image.png',
      path: 'public/mascot/idle.png',
      file: 'idle.png',
      public_url: '/mascot/idle.png',
      mime: 'image/png',
      bytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      width: 96,
      height: 80,
    });
    // The emulator's renderer encodes 256×256 clips of the requested 2 seconds.
    for (const [key, mime] of [['video', 'video/mp4'], ['webm', 'video/webm'], ['hevc', 'video/quicktime']] as const) {
      expect(index.assets.dance!.files[key], key).toMatchObject({ mime, width: 256, height: 256, duration: 2 });
      expect(index.assets['wave-to-idle']!.files[key], key).toMatchObject({ mime, width: 256, height: 256, duration: 2 });
    }
    // Pending: CDN URL and path, nothing read from disk.
    expect(index.assets['app-logo']!.files.logo).toEqual({
      url: 'https://cdn.masko.test/app-logo/logo.png',
      path: 'public/mascot/app-logo-logo.png',
      file: 'app-logo-logo.png',
      public_url: '/mascot/app-logo-logo.png',
      mime: 'image/png',
    });
  });

  it('is deterministic: a second run writes nothing, another folder gives the same bytes', async () => {
    const before = await readFile(p.abs('public/mascot/masko-assets.json'));
    const moduleBefore = await readFile(p.abs('src/mascot-assets.ts'));
    expect(await writeOutputs(p.dir, p.manifest, p.lock)).toEqual([]);
    const copy = { ...p, dir: p.dir + '-copy', abs: (rel: string) => path.join(p.dir + '-copy', ...rel.split('/')) };
    await cp(p.dir, copy.dir, { recursive: true });
    try {
      await rm(copy.abs('public/mascot/masko-assets.json'));
      await rm(copy.abs('src/mascot-assets.ts'));
      await writeOutputs(copy.dir, p.manifest, p.lock);
      expect((await readFile(copy.abs('public/mascot/masko-assets.json'))).equals(before)).toBe(true);
      expect((await readFile(copy.abs('src/mascot-assets.ts'))).equals(moduleBefore)).toBe(true);
    } finally {
      await rm(copy.dir, { recursive: true, force: true });
    }
  });

  it('reads each file once: the previous index is the cache, keyed by sha256', async () => {
    const { probe, calls } = counting();
    await rm(p.abs('public/mascot/masko-assets.json'));
    await writeOutputs(p.dir, p.manifest, p.lock, { probe });
    const completedFiles = Object.values(p.lock.assets).filter((e) => e.status === 'completed').flatMap((e) => Object.keys(e.files));
    expect(calls.length).toBe(completedFiles.length);

    calls.length = 0;
    await writeOutputs(p.dir, p.manifest, p.lock, { probe });
    expect(calls).toEqual([]);

    // A regenerated file (new bytes, new lock hash) is read again, and only it.
    const png = noisePng({ width: 40, height: 30 }, 999);
    await writeFile(p.abs('public/mascot/idle.png'), png);
    const lock = structuredClone(p.lock);
    lock.assets.idle!.files.image = { ...lock.assets.idle!.files.image!, bytes: png.length, sha256: createHash('sha256').update(png).digest('hex') };
    await writeFile(p.abs('masko.lock'), serializeLock(lock));
    await writeOutputs(p.dir, p.manifest, lock, { probe });
    expect(calls).toEqual(['idle.png']);
    expect((await readIndex()).assets.idle!.files.image).toMatchObject({ width: 40, height: 30, bytes: png.length });
  });

  it('gives no dimensions for a file that is missing or not the one the lock names', async () => {
    const other = await fixtureProject(YAML, { statuses: { 'wave-santa': 'failed', 'app-logo': 'pending', later: 'missing' } });
    try {
      await rm(other.abs('public/mascot/wave.png'));
      await writeFile(other.abs('public/mascot/idle.png'), noisePng({ width: 10, height: 10 }, 5));
      await writeOutputs(other.dir, other.manifest, other.lock);
      const index = await readIndex(other);
      expect(index.assets.wave!.files.image).not.toHaveProperty('width');
      expect(index.assets.idle!.files.image).not.toHaveProperty('width');
      expect(index.assets.idle!.files.transparent_image).toMatchObject({ width: 96, height: 80 });
      expect(validate(index), JSON.stringify(validate.errors)).toBe(true);
    } finally {
      await other.cleanup();
    }
  });

  it('gives no dimensions for a missing file even when this run read the same bytes at another path (known)', async () => {
    const other = await fixtureProject(YAML, { statuses: { 'wave-santa': 'failed', 'app-logo': 'pending', later: 'missing' } });
    try {
      // Two assets with the same bytes; a download this run wrote (and read) idle's, wave's was deleted.
      const idle = other.lock.assets.idle!.files.image!;
      const lock = structuredClone(other.lock);
      lock.assets.wave!.files.image = { ...lock.assets.wave!.files.image!, bytes: idle.bytes!, sha256: idle.sha256! };
      await rm(other.abs(lock.assets.wave!.files.image.path));
      const known = new Map([[idle.sha256!, { width: 96, height: 80 }]]);
      await writeOutputs(other.dir, other.manifest, lock, { known });
      const index = await readIndex(other);
      expect(index.assets.idle!.files.image).toMatchObject({ width: 96, height: 80 });
      expect(index.assets.wave!.files.image).not.toHaveProperty('width');
    } finally {
      await other.cleanup();
    }
  });
});

describe('MediaReader: files read while a sync runs', () => {
  it('reads recorded files once, in the background; writeOutputs then reads none of them again', async () => {
    const other = await fixtureProject(YAML, { statuses: { 'wave-santa': 'failed', 'app-logo': 'pending', later: 'missing' } });
    try {
      const early = counting();
      const reader = new MediaReader(other.dir, early.probe);
      const completed = Object.values(other.lock.assets).filter((e) => e.status === 'completed');
      for (const e of completed) reader.add(Object.values(e.files));
      // A record whose size is not the file's (bytes not yet there, or other bytes) is not read.
      reader.add([{ path: 'public/mascot/idle.png', sha256: 'f'.repeat(64), bytes: 1 }]);
      const known = await reader.settled();
      const files = completed.flatMap((e) => Object.values(e.files));
      expect(early.calls.length).toBe(files.length);
      expect(known.has('f'.repeat(64))).toBe(false);
      const late = counting();
      await writeOutputs(other.dir, other.manifest, other.lock, { probe: late.probe, known });
      expect(late.calls).toEqual([]);
      expect((await readIndex(other)).assets.idle!.files.transparent_image).toMatchObject({ width: 96, height: 80 });
    } finally {
      await other.cleanup();
    }
  });
});

describe('writeOutputs: the module', () => {
  it('defaults to public paths with output.public_path, and lists every id in MaskoAssetId', async () => {
    const text = await readFile(p.abs('src/mascot-assets.ts'), 'utf8');
    expect(text).toContain('src: "/mascot/idle.png",');
    expect(text).not.toContain('cdn.masko.test');
    for (const id of ['app-logo', 'dance', 'idle', 'idle-to-wave', 'later', 'wave', 'wave-santa', 'wave-to-idle']) expect(text).toMatch(new RegExp(`^  ${id.includes('-') ? `"${id}"` : id}: (\\{|Record<never, never>;)$`, 'm'));
    expect(text).toMatch(/export const waveToIdle: MaskoAsset<"wave-to-idle"> = \{\n {2}id: "wave-to-idle",\n {2}type: "animation",\n {2}kind: "reverse",/);
  });

  it('keeps the string form working: files relative to the module by default', async () => {
    const q = await fixtureProject(YAML.replace('  public_path: /mascot\n', ''), { statuses: { later: 'missing' } });
    try {
      await writeOutputs(q.dir, q.manifest, q.lock);
      const text = await readFile(q.abs('src/mascot-assets.ts'), 'utf8');
      expect(text).toContain('return new URL("../public/mascot/idle.png", import.meta.url).href;');
      expect((await readIndex(q)).assets.idle!.files.image).not.toHaveProperty('public_url');
    } finally {
      await q.cleanup();
    }
  });
});
