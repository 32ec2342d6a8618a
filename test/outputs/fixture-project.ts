/**
 * A project folder with masko.yaml, a masko.lock and real media files on disk, made without the
 * API: PNGs from pngjs (noise, so each is unique and larger than Vite's 4 KiB inline limit) and,
 * when asked, real MP4/WebM/MOV clips from the emulator's ffmpeg renderer.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { loadManifest } from '../../src/manifest/index.js';
import type { LockEntry, Lockfile, LockStatus } from '../../src/model/lock.js';
import type { Manifest } from '../../src/model/manifest.js';
import { KNOWN_KEYS } from '../../src/manifest/file-names.js';
import { expectedPath } from '../../src/plan/file-names.js';
import { serializeLock } from '../../src/lockfile/index.js';
import { buildGraph } from '../../src/graph/index.js';
import { buildPlan } from '../../src/plan/index.js';

export interface FixtureOptions {
  /** Status per asset id; default completed. `missing` leaves the asset out of the lock. */
  statuses?: Record<string, LockStatus | 'missing'>;
  /** Pixel size of the PNGs (default 96×80, so the index cannot be right by assuming 512). */
  png?: { width: number; height: number };
  /** Render real clips with ffmpeg (slow-ish); otherwise video files are small PNG-free stubs. */
  realVideo?: boolean;
  /** Parent folder (default the OS temp folder); inside the repository, `node_modules` resolves from it. */
  parent?: string;
}

/** test/.tmp (git-ignored): inside the repository, so `node_modules` resolves from a fixture there. */
export const REPO_TMP = fileURLToPath(new URL('../.tmp/', import.meta.url));

export interface FixtureProject {
  dir: string;
  manifest: Manifest;
  lock: Lockfile;
  abs(rel: string): string;
  cleanup(): Promise<void>;
}

/** Writes masko.yaml, the media files and masko.lock into a new temp folder. */
export async function fixtureProject(yaml: string, o: FixtureOptions = {}): Promise<FixtureProject> {
  const loaded = loadManifest(yaml);
  if (!loaded.manifest) throw new Error(`fixture manifest is invalid: ${JSON.stringify(loaded.diagnostics)}`);
  const manifest = loaded.manifest;
  if (o.parent) await mkdir(o.parent, { recursive: true });
  const dir = await mkdtemp(path.join(o.parent ?? os.tmpdir(), 'masko-outputs-'));
  const abs = (rel: string) => path.join(dir, ...rel.split('/'));
  await writeFile(abs('masko.yaml'), yaml);
  const renderer = o.realVideo ? (await import('../../src/emulator/media/index.js')).createMediaRenderer({ mode: 'real' }) : undefined;
  const lock: Lockfile = { lockfileVersion: 1, collection: 'col_fixture', assets: {} };
  let n = 0;
  for (const asset of Object.values(manifest.assets)) {
    const status = o.statuses?.[asset.id] ?? 'completed';
    if (status === 'missing') continue;
    const files: LockEntry['files'] = {};
    const clip = renderer && asset.kind !== 'image' && asset.kind !== 'edit' && asset.kind !== 'logo'
      ? await renderer.animation({ description: 'fixture', prompt: asset.id, seed: asset.id, duration: 2, loop: false })
      : undefined;
    for (const [key, ext] of KNOWN_KEYS[asset.kind]!) {
      const rel = expectedPath(asset, key, ext);
      const url = `https://cdn.masko.test/${asset.id}/${key}.${ext}`;
      if (status !== 'completed') {
        files[key] = { asset_id: `ast_${asset.id}_${key}`, url, path: rel };
        continue;
      }
      const bytes = ext === 'png' ? noisePng(o.png ?? { width: 96, height: 80 }, ++n) : clip ? clipFile(clip, key) : Buffer.from(`stub ${asset.id} ${key}`);
      await mkdir(path.dirname(abs(rel)), { recursive: true });
      await writeFile(abs(rel), bytes);
      files[key] = { asset_id: `ast_${asset.id}_${key}`, url, path: rel, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
    }
    lock.assets[asset.id] = {
      type: asset.kind,
      name: asset.name,
      fingerprint: `sha256:${'0'.repeat(64)}`,
      inputs: {},
      item_id: `itm_${asset.id}`,
      job_id: `job_${asset.id}`,
      status,
      credits: 1,
      files: status === 'failed' ? {} : files,
      ...(status === 'failed' ? { error: { code: 'generation_failed', message: 'the model refused' } } : {}),
    };
  }
  settleFingerprints(manifest, lock);
  await writeFile(abs('masko.lock'), serializeLock(lock));
  return { dir, manifest, lock, abs, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Gives every locked entry the fingerprint the planner computes for it, so the lock is "in sync"
 * with the manifest (no regenerate); repeated because a dependant's inputs change once its
 * upstream is settled. Failed entries stay as they are (they always regenerate).
 */
export function settleFingerprints(manifest: Manifest, lock: Lockfile): void {
  for (let round = 0; round < 10; round++) {
    let changed = false;
    for (const step of buildPlan(manifest, buildGraph(manifest), lock, { files: {} }).waves.flat()) {
      const entry = lock.assets[step.id];
      if (step.action !== 'regenerate' || !entry || entry.status === 'failed' || !step.fingerprint || entry.fingerprint === step.fingerprint) continue;
      entry.fingerprint = step.fingerprint;
      changed = true;
    }
    if (!changed) return;
  }
}

/** A PNG of seeded noise: every call with a new `seed` gives different bytes; ~4 bytes per pixel, incompressible. */
export function noisePng(size: { width: number; height: number }, seed: number): Buffer {
  const png = new PNG({ width: size.width, height: size.height });
  let s = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < png.data.length; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    png.data[i] = s & 0xff;
  }
  return PNG.sync.write(png);
}

function clipFile(clip: { video: Buffer; webm: Buffer; hevc: Buffer }, key: string): Buffer {
  return key === 'video' ? clip.video : key === 'webm' ? clip.webm : clip.hevc;
}
