/**
 * A project whose masko.lock already records every asset as completed, with files on a given
 * server: what a fresh clone looks like before `masko-sync pull`. The entries are built with the
 * real manifest loader, fingerprint functions and lock serializer, so the plan sees them as current
 * and only the missing files as work (`restore`).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { serializeLock } from '../../src/lockfile/index.js';
import { loadManifest } from '../../src/manifest/index.js';
import type { Lockfile } from '../../src/model/lock.js';
import { expectedPath, fingerprintInputs, fingerprintOf } from '../../src/plan/index.js';
import type { BigFile } from './big-files.js';

/** The collection id the generated manifest and lock name. */
export const PULL_COLLECTION = 'bench-collection';

/** Writes masko.yaml (one image asset per file) and masko.lock; returns each file's project-relative path. */
export async function writePullProject(dir: string, files: BigFile[], urlOf: (f: BigFile) => string): Promise<Array<{ file: BigFile; path: string }>> {
  const ids = files.map((_, i) => `big-${String(i).padStart(2, '0')}`);
  const yaml = [
    'version: 1',
    `collection: ${PULL_COLLECTION}`,
    'output:',
    '  dir: assets',
    'assets:',
    ...ids.map((id, i) => `  ${id}: { type: image, image_prompt: large file number ${i} }`),
  ].join('\n') + '\n';
  const { manifest, diagnostics } = loadManifest(yaml);
  if (!manifest) throw new Error(`bench manifest is invalid: ${diagnostics.map((d) => d.message).join('; ')}`);
  const lock: Lockfile = { lockfileVersion: 1, collection: PULL_COLLECTION, assets: {} };
  const placed: Array<{ file: BigFile; path: string }> = [];
  ids.forEach((id, i) => {
    const asset = manifest.assets[id]!;
    const file = files[i]!;
    const inputs = fingerprintInputs(asset, { collection: PULL_COLLECTION, upstream: () => { throw new Error('images have no upstream'); } });
    const rel = expectedPath(asset, 'image', 'png');
    lock.assets[id] = {
      type: asset.kind,
      name: asset.name,
      fingerprint: fingerprintOf(inputs),
      inputs,
      item_id: `item-${id}`,
      job_id: `job-${id}`,
      status: 'completed',
      credits: 1,
      files: { image: { asset_id: `asset-${id}`, url: urlOf(file), path: rel, bytes: file.bytes, sha256: file.sha256 } },
    };
    placed.push({ file, path: rel });
  });
  await writeFile(path.join(dir, 'masko.yaml'), yaml);
  await writeFile(path.join(dir, 'masko.lock'), serializeLock(lock));
  return placed;
}
