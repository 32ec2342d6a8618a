/** Fingerprints: what a generation request depends on, hashed (pure; node:crypto hashing is deterministic). */
import { createHash } from 'node:crypto';
import { canonicalize } from './canonical-json.js';
import type { Asset, AssetRef, ImageSource } from '../model/manifest.js';

/**
 * How an upstream image enters a dependant's fingerprint: its API asset id, or its new fingerprint
 * while it is about to change; an uploaded file by the sha256 of its bytes (wherever it lies), a URL
 * by itself, and a file whose bytes are unknown (missing) by its path.
 */
export type UpstreamRef = { asset_id: string } | { fingerprint: string } | { sha256: string } | { url: string } | { file: string };

/** What fingerprintInputs needs from outside the asset. */
export interface FingerprintContext {
  /** Collection id, or a placeholder such as `new:<name>` before a defined collection exists. */
  collection: string;
  /** Resolves a local upstream id (a source, an end, or a reverse's parent) to its reference. */
  upstream: (id: string) => UpstreamRef;
  /** The sha256 of a source file's bytes, when known (the planner reads the disk's, the applier the lock's upload). */
  fileSha256?: (path: string) => string | undefined;
}

/** How a file or URL source enters a fingerprint. */
export function imageSourceRef(source: ImageSource, fileSha256?: (path: string) => string | undefined): UpstreamRef {
  if (source.kind === 'url') return { url: source.url };
  const sha = fileSha256?.(source.path);
  return sha === undefined ? { file: source.path } : { sha256: sha };
}

/**
 * The canonical inputs of an asset's generation request: collection, kind and the kind's
 * generation fields. Name, output paths, comments and key order are deliberately absent.
 */
export function fingerprintInputs(asset: Asset, ctx: FingerprintContext): Record<string, unknown> {
  // What made an imported asset is unknown: it stays as long as it is marked so (docs/fingerprint.md).
  if (asset.imported) return { collection: ctx.collection, kind: asset.kind, imported: true };
  const base = { collection: ctx.collection, kind: asset.kind, ...(asset.revision !== undefined ? { revision: asset.revision } : {}) };
  const ref = (r: AssetRef): UpstreamRef => {
    switch (r.kind) {
      case 'external':
        return { asset_id: r.assetId };
      case 'local':
        return ctx.upstream(r.id);
      case 'file':
      case 'url':
        return imageSourceRef(r, ctx.fileSha256);
      default: {
        const never: never = r;
        throw new Error(`unknown reference ${JSON.stringify(never)}`);
      }
    }
  };
  switch (asset.kind) {
    case 'image':
      return { ...base, image_prompt: asset.image_prompt };
    case 'animation':
      return {
        ...base,
        image_prompt: asset.image_prompt,
        animation_prompt: asset.animation_prompt,
        duration: asset.duration,
        loop: asset.loop,
      };
    case 'animate':
      return {
        ...base,
        source: ref(asset.source),
        animation_prompt: asset.animation_prompt,
        duration: asset.duration,
        loop: asset.loop,
      };
    case 'transition':
      // `reverse` is not an input: the return clip is free and has its own entry.
      return {
        ...base,
        source: ref(asset.source),
        end: ref(asset.end),
        animation_prompt: asset.animation_prompt,
        duration: asset.duration,
      };
    case 'edit':
      return { ...base, source: ref(asset.source), edit_instructions: asset.edit_instructions };
    case 'logo':
      return {
        ...base,
        logo_description: asset.logo_description,
        logo_style_name: asset.logo_style_name,
        logo_style_instruction: asset.logo_style_instruction,
      };
    case 'reverse':
      // A reverse clip is whatever its transition produces: it changes exactly when the parent does.
      return { ...base, parent: ctx.upstream(asset.parent) };
    default: {
      const never: never = asset;
      throw new Error(`unknown asset kind: ${JSON.stringify(never)}`);
    }
  }
}

/** `sha256:` + hex SHA-256 of the RFC 8785 canonical JSON of the inputs. */
export function fingerprintOf(inputs: Record<string, unknown>): string {
  const json = canonicalize(inputs);
  if (json === undefined) throw new Error('fingerprint inputs are not serialisable');
  return 'sha256:' + createHash('sha256').update(json, 'utf8').digest('hex');
}

/** Canonical JSON of a value (for comparing recorded and planned inputs field by field). */
export function canonicalJson(value: unknown): string {
  return canonicalize(value) ?? 'undefined';
}
