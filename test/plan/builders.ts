/** In-memory builders for plan tests: manifests, a graph, a lock as the applier would write it, files on disk. */
import { createHash } from 'node:crypto';
import type { Asset, AssetGraph, AssetRef, Manifest } from '../../src/model/manifest.js';
import type { LockEntry, LockedFile, Lockfile } from '../../src/model/lock.js';
import type { LocalFiles } from '../../src/model/plan.js';
import { expectedPath } from '../../src/plan/file-names.js';
import { inputsFromLock } from '../../src/plan/inputs-from-lock.js';

type Without<T, K extends keyof never> = T extends unknown ? Omit<T, K> : never;
/** An asset without the boilerplate: name and outputDir default from the id and `assets/mascot`. */
export type AssetSpec = Without<Asset, 'id' | 'name' | 'outputDir'> & { name?: string; outputDir?: string };

export const local = (id: string): AssetRef => ({ kind: 'local', id });
export const external = (assetId: string): AssetRef => ({ kind: 'external', assetId });

/** A manifest with collection id `col_1` (or the given spec); reverse clips expanded after their transition. */
export function manifest(assets: Record<string, AssetSpec>, collection: Manifest['collection'] = { kind: 'id', id: 'col_1' }): Manifest {
  const out: Record<string, Asset> = {};
  for (const [id, spec] of Object.entries(assets)) {
    const asset = { name: id, outputDir: 'assets/mascot', ...spec, id } as Asset;
    out[id] = asset;
    if (asset.kind === 'transition' && asset.reverse) {
      out[asset.reverse.id] = { kind: 'reverse', id: asset.reverse.id, name: asset.reverse.name, outputDir: asset.outputDir, parent: id };
    }
  }
  return { version: 1, collection, output: { dir: 'assets/mascot', gallery: false }, assets: out };
}

/** Dependencies and topological waves (ids sorted within a wave), as the graph module defines them. */
export function graphOf(m: Manifest): AssetGraph {
  const dependsOn: Record<string, string[]> = {};
  const dependants: Record<string, string[]> = {};
  for (const a of Object.values(m.assets)) {
    const refs: AssetRef[] = 'source' in a ? [a.source, ...('end' in a ? [a.end] : [])] : [];
    const deps = refs.flatMap((r) => (r.kind === 'local' ? [r.id] : []));
    if (a.kind === 'reverse') deps.push(a.parent);
    dependsOn[a.id] = [...new Set(deps)];
    for (const d of dependsOn[a.id]!) (dependants[d] ??= []).push(a.id);
  }
  const waves: string[][] = [];
  const done = new Set<string>();
  while (done.size < Object.keys(m.assets).length) {
    const wave = Object.keys(m.assets)
      .filter((id) => !done.has(id) && dependsOn[id]!.every((d) => done.has(d)))
      .sort();
    if (wave.length === 0) throw new Error('cycle');
    wave.forEach((id) => done.add(id));
    waves.push(wave);
  }
  return { dependsOn, dependants, waves };
}

/** Asset keys a job of each kind returns. */
export function keysOf(kind: Asset['kind']): string[] {
  switch (kind) {
    case 'image':
    case 'edit':
      return ['image', 'transparent_image'];
    case 'animation':
      return ['image', 'video', 'webm', 'hevc'];
    case 'logo':
      return ['logo', 'logo_transparent', 'icon', 'favicon'];
    default:
      return ['video', 'webm', 'hevc'];
  }
}

const EXT: Record<string, string> = { video: 'mp4', webm: 'webm', hevc: 'mov' };
export const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The lock a completed sync of `m` writes (what the applier records), in collection `col_1` unless given. */
export function lockFor(m: Manifest, collection = m.collection.kind === 'id' ? m.collection.id : 'col_new'): Lockfile {
  const lock: Lockfile = { lockfileVersion: 1, collection, assets: {} };
  for (const wave of graphOf(m).waves) {
    for (const id of wave) {
      const asset = m.assets[id]!;
      const { inputs, fingerprint } = inputsFromLock(asset, collection, lock);
      const files: Record<string, LockedFile> = {};
      for (const key of keysOf(asset.kind)) {
        const path = expectedPath(asset, key, EXT[key] ?? 'png');
        files[key] = { asset_id: `as_${id}_${key}`, url: `https://cdn.example/${id}/${key}`, path, bytes: 10, sha256: sha(`${fingerprint}:${key}`) };
      }
      const entry: LockEntry = { type: asset.kind, name: asset.name, fingerprint, inputs, item_id: `it_${id}`, job_id: `job_${id}`, status: 'completed', credits: 1, files };
      if (asset.kind === 'reverse') entry.reverse_of = asset.parent;
      lock.assets[id] = entry;
    }
  }
  return lock;
}

/** Local file state where every locked file is on disk and intact. */
export function filesFor(lock: Lockfile): LocalFiles {
  const files: LocalFiles = {};
  for (const entry of Object.values(lock.assets)) {
    for (const f of Object.values(entry.files)) files[f.path] = { exists: true, bytes: f.bytes ?? 0, sha256: f.sha256 ?? '' };
  }
  return files;
}

/** A small manifest with every kind: images, an animation, an animate, a transition with reverse, an edit, a logo. */
export function fullManifest(): Manifest {
  return manifest({
    idle: { kind: 'image', image_prompt: 'standing relaxed' },
    wave: { kind: 'image', name: 'Waving hello', image_prompt: 'waving hello' },
    dance: { kind: 'animation', image_prompt: 'dance pose', animation_prompt: 'dancing', duration: 4, loop: true },
    'wave-animated': { kind: 'animate', source: local('wave'), animation_prompt: 'waving smoothly', duration: 4, loop: false },
    'idle-to-wave': {
      kind: 'transition',
      source: local('idle'),
      end: local('wave'),
      animation_prompt: 'idle to waving',
      duration: 3,
      reverse: { id: 'wave-to-idle', name: 'Wave to idle' },
    },
    'wave-santa': { kind: 'edit', source: local('wave'), edit_instructions: 'add a santa hat' },
    'app-logo': { kind: 'logo', logo_description: 'face', logo_style_name: 'Flat', logo_style_instruction: 'flat colours' },
  });
}
