/**
 * Size and format variants end to end, against every emulator dialect with real media: the files'
 * own headers give the widths and formats asked for; the variants cost nothing beyond the assets;
 * adding one to a synced asset is a free local `derive` with no generate request; `pull` and
 * `--frozen` bring them back without a key.
 */
import { open } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Lockfile } from '../../src/model/lock.js';
import type { AssetIndex } from '../../src/outputs/asset-index.js';
import { mimeOf } from '../../src/outputs/media-types.js';
import { probeMedia } from '../../src/outputs/probe-media.js';
import { ALL_DIALECTS, out, syncWorld, type SyncWorld } from '../helpers/sync-fixtures.js';

const manifest = (waveSizes: string, waveFormats: string) => `version: 1
collection: { name: Test fox, description: a small orange fox }
output: { dir: out }
assets:
  wave: { type: image, image_prompt: waving hello, sizes: ${waveSizes}, formats: ${waveFormats} }
  dance: { type: animation, image_prompt: dance pose, animation_prompt: dancing, duration: 1, sizes: [128] }
`;
/** The image (1) and the 1 s animation from a prompt (1 + 5): the variants add nothing. */
const ASSET_CREDITS = 7;

/** The format a file's first bytes say it is. */
async function sniff(abs: string): Promise<string> {
  const fh = await open(abs, 'r');
  try {
    const head = Buffer.alloc(16);
    await fh.read(head, 0, 16, 0);
    if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
    if (head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP') return 'webp';
    if (head.readUInt32BE(0) === 0x1a45dfa3) return 'webm';
    if (head.toString('latin1', 4, 8) === 'ftyp') {
      const brand = head.toString('latin1', 8, 12);
      return brand === 'avif' ? 'avif' : brand === 'qt  ' ? 'mov' : 'mp4';
    }
    return 'unknown';
  } finally {
    await fh.close();
  }
}

/** Requests the emulator answered under /v1/ (CDN downloads excluded). */
function apiRequests(stats: { requests: Record<string, number> }): number {
  return Object.entries(stats.requests)
    .filter(([route]) => / \/v1\//.test(route))
    .reduce((n, [, c]) => n + c, 0);
}

async function index(w: SyncWorld): Promise<AssetIndex> {
  return JSON.parse((await w.project.read('out/masko-assets.json')).toString('utf8')) as AssetIndex;
}

/** Every variant in the index is on disk with the width and format its key names. */
async function expectVariantsMatch(w: SyncWorld): Promise<string[]> {
  const keys: string[] = [];
  for (const [id, entry] of Object.entries((await index(w)).assets)) {
    for (const [key, f] of Object.entries(entry.files)) {
      const abs = path.join(w.project.dir, f.path);
      const media = await probeMedia(abs, mimeOf(f.path));
      const own = f.variant_of === undefined ? undefined : entry.files[f.variant_of];
      expect(await sniff(abs), `${id}.${key} format`).toBe(f.format ?? path.extname(f.path).slice(1));
      expect({ key, width: media.width, height: media.height }).toEqual({ key, width: f.size ?? own?.width ?? media.width, height: f.size ?? own?.height ?? media.height });
      expect(f.sha256, `${id}.${key} sha256`).toBe(await w.project.sha256(f.path));
      if (f.variant_of) keys.push(`${id}.${key}`);
    }
  }
  return keys.sort();
}

const WAVE_VARIANTS = ['image.webp', 'image@120', 'image@120.webp', 'image@240', 'image@240.webp', 'transparent_image.webp', 'transparent_image@120', 'transparent_image@120.webp', 'transparent_image@240', 'transparent_image@240.webp'];
const DANCE_VARIANTS = ['hevc@128', 'image@128', 'video@128', 'webm@128'];

describe.concurrent.each(ALL_DIALECTS)('size and format variants (%s)', (dialect) => {
  const cdnSizes = dialect !== 'minimal';

  test('are made at their widths and formats, free; a new one costs nothing and sends nothing; pull and --frozen bring them back without a key', { timeout: 180_000 }, async ({ onTestFinished }) => {
    const w = await syncWorld(onTestFinished, { dialect, manifest: manifest('[240, 120]', '[webp]'), emulator: { media: 'real' } });
    const first = await w.cli();
    expect(first.code, out(first)).toBe(0);
    expect((await w.emu.stats()).credits_charged).toBe(ASSET_CREDITS);
    expect(await expectVariantsMatch(w)).toEqual([...DANCE_VARIANTS.map((k) => `dance.${k}`), ...WAVE_VARIANTS.map((k) => `wave.${k}`)].sort());

    // Where the API makes sizes they are CDN files; elsewhere (minimal ignores `sizes`) they are derived, and the run says so.
    const lock: Lockfile = await w.project.lock();
    const sized = ['image@120', 'image@240', 'transparent_image@120', 'transparent_image@240'];
    if (cdnSizes) {
      expect(Object.keys(lock.assets.wave!.files)).toEqual(expect.arrayContaining(sized));
      expect(Object.keys(lock.assets.wave!.derived ?? {}).sort()).toEqual(WAVE_VARIANTS.filter((k) => k.endsWith('.webp')));
    } else {
      expect(Object.keys(lock.assets.wave!.derived ?? {}).sort()).toEqual(WAVE_VARIANTS);
      expect(Object.keys(lock.assets.dance!.derived ?? {}).sort()).toEqual(DANCE_VARIANTS);
      expect(first.stderr).toContain('the API made no 240 px variant');
    }
    // Derived bytes depend on the encoder: the lock records their paths only.
    for (const d of Object.values(lock.assets.wave!.derived ?? {})) expect(Object.keys(d)).toEqual(['path']);

    // A new size and a new format on a synced asset: a free, local `derive`; no generate request.
    await w.project.writeManifest(manifest('[240, 120, 60]', '[webp, avif]'));
    const plan = await w.cli(['plan', '--json']);
    const step = (JSON.parse(plan.stdout) as { waves: Array<Array<{ id: string; action: string; credits: number; derive?: string[] }>> }).waves.flat().find((s) => s.id === 'wave')!;
    expect(step).toMatchObject({ action: 'derive', credits: 0 });
    expect(step.derive).toEqual(expect.arrayContaining(['image@60', 'image.avif', 'image@240.avif', 'transparent_image@60.webp']));
    const generateBefore = w.emu.emu.stats().generateRequests;
    const apiBefore = apiRequests(await w.emu.stats());
    // Made on this machine alone: a sync with nothing else to do needs no key and makes no API request.
    const second = await w.cli([], { MASKO_API_KEY: undefined });
    expect(second.code, out(second)).toBe(0);
    expect(w.emu.emu.stats().generateRequests).toBe(generateBefore);
    expect(apiRequests(await w.emu.stats())).toBe(apiBefore);
    expect((await w.emu.stats()).credits_charged).toBe(ASSET_CREDITS);
    const keys = await expectVariantsMatch(w);
    expect(keys).toEqual(expect.arrayContaining(['wave.image@60', 'wave.image@60.avif', 'wave.transparent_image.avif']));
    const third = await w.cli(['plan', '--detailed-exitcode']);
    expect(third.code, out(third)).toBe(0);

    // Lost variants come back without a key: CDN ones from their URLs, derived ones made again.
    const lost = ['out/wave.webp', 'out/wave-60.avif', 'out/dance-128.webm', cdnSizes ? 'out/wave-240.png' : 'out/wave-transparent-120.png'];
    for (const f of lost) await w.project.remove(f);
    const pull = await w.cli(['pull'], { MASKO_API_KEY: undefined });
    expect(pull.code, out(pull)).toBe(0);
    for (const f of lost) expect(w.project.exists(f), f).toBe(true);
    expect(await expectVariantsMatch(w)).toEqual(keys);

    for (const f of lost) await w.project.remove(f);
    const lockBytes = await w.project.lockBytes();
    const frozen = await w.cli(['--frozen'], { MASKO_API_KEY: undefined });
    expect(frozen.code, out(frozen)).toBe(0);
    for (const f of lost) expect(w.project.exists(f), f).toBe(true);
    expect(await w.project.lockBytes()).toEqual(lockBytes);
    expect(w.emu.emu.stats().generateRequests).toBe(generateBefore);
  });
});

describe('variants no longer wanted', () => {
  test('are removed with their lock records, for free', { timeout: 60_000 }, async ({ onTestFinished }) => {
    // Real media: the fallback clips are 64 px, narrower than dance's 128 (SIZE_TOO_LARGE once synced).
    const w = await syncWorld(onTestFinished, { manifest: manifest('[240]', '[webp]'), emulator: { media: 'real' } });
    expect((await w.cli()).code).toBe(0);
    expect(w.project.exists('out/wave-240.png') && w.project.exists('out/wave.webp')).toBe(true);
    await w.project.writeManifest(manifest('[]', '[]'));
    const r = await w.cli();
    expect(r.code, out(r)).toBe(0);
    expect(w.project.exists('out/wave-240.png') || w.project.exists('out/wave.webp') || w.project.exists('out/wave-240.webp')).toBe(false);
    const wave = (await w.project.lock()).assets.wave!;
    expect(wave.derived).toBeUndefined();
    expect(Object.keys(wave.files).sort()).toEqual(['image', 'transparent_image']);
    expect(w.project.exists('out/wave.png')).toBe(true);
    expect((await w.emu.stats()).credits_charged).toBe(ASSET_CREDITS);
  });
});

describe('a size wider than the asset', () => {
  test('is never scaled up: warned on the first sync, then refused with SIZE_TOO_LARGE at its position before anything is spent', { timeout: 60_000 }, async ({ onTestFinished }) => {
    // Fallback media: the clips are 64 px wide, so 128 cannot be made of them.
    const w = await syncWorld(onTestFinished, { manifest: manifest('[240]', '[]') });
    const first = await w.cli();
    expect(first.code, out(first)).toBe(0);
    expect(first.stderr).toMatch(/dance: no video@128 variant: 128 px is wider than its video \(64 px\); remove 128 from its sizes/);
    const lock = await w.project.lock();
    expect(Object.keys(lock.assets.dance!.files).some((k) => k.includes('@'))).toBe(true); // the still (512 px) has its 128 px variant
    expect(Object.keys(lock.assets.dance!.files)).not.toContain('video@128');
    const charged = (await w.emu.stats()).credits_charged;

    const validate = await w.cli(['validate']);
    expect(validate.code).toBe(4);
    expect(validate.stderr).toMatch(/masko\.yaml:6:\d+ error SIZE_TOO_LARGE: asset "dance": size 128 is wider than its (video|webm|hevc) \(64 px/);
    const sync = await w.cli();
    expect(sync.code).toBe(4);
    expect((await w.emu.stats()).credits_charged).toBe(charged);
  });
});
