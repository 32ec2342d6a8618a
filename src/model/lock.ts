/** Types of masko.lock (v1). Types only. */
import type { AssetKind } from './manifest.js';

export type LockStatus = 'pending' | 'completed' | 'failed';

/** One downloaded (or to-be-downloaded) file of an asset, keyed by the API's asset key. */
export interface LockedFile {
  /**
   * The API's asset id (the `image` asset is used as `source_image_asset_id` by dependants). Absent
   * while the API has not said it (some answers carry URLs only): it is looked up, never written empty.
   */
  asset_id?: string;
  /** Stable CDN URL. */
  url: string;
  /** Local path relative to the project folder, POSIX separators. */
  path: string;
  /** Size and hash of the verified local file; absent while pending. */
  bytes?: number;
  sha256?: string;
}

/** A file masko-sync derives locally from another file of the same asset (see `LockEntry.derived`). */
export interface DerivedFile {
  /** Local path relative to the project folder, POSIX separators, named after the id and the variant key. */
  path: string;
}

/** What was generated for one asset id. */
export interface LockEntry {
  type: AssetKind;
  /** The item name last applied (a change of name alone is a free `rename`). */
  name: string;
  /** `sha256:<hex>` over the canonical fingerprint inputs. */
  fingerprint: string;
  /** The canonical inputs the fingerprint was computed from (for reasons and `explain`). */
  inputs: Record<string, unknown>;
  /** The item (pose) the files belong to; absent only while a pending job has not said it yet. */
  item_id?: string;
  /** The job that made it; absent only for a reverse clip the API makes after its transition, not found yet. */
  job_id?: string;
  status: LockStatus;
  /** Credits charged for this asset (0 for a reverse clip, a refunded failure, or a resumed job). */
  credits: number;
  files: Record<string, LockedFile>;
  /**
   * Variants made locally from `files` (web formats, and size variants the API did not make), by
   * variant key (`image.webp`, `image@480`, `image@480.webp`). Only the path is locked: the bytes
   * depend on the encoder's version, and two machines must write the same lock.
   */
  derived?: Record<string, DerivedFile>;
  /** For a reverse clip: the transition it belongs to. */
  reverse_of?: string;
  /** For a failed job: the API's error. */
  error?: { code: string; message: string };
  /** Adopted by `masko-sync import` from an item made elsewhere (no job of ours made it; nothing was charged). */
  imported?: boolean;
  /** Items this asset's files lived in before a regeneration moved them (an old reverse clip's item): `prune --remote` archives them. */
  superseded_items?: string[];
}

/** An image uploaded for a `source`/`end` or a collection reference (free): what Masko calls it, and which bytes it was. */
export interface LockedUpload {
  asset_id: string;
  /** For a file: the sha256 and size of the bytes uploaded (a change uploads again). Absent for a URL. */
  sha256?: string;
  bytes?: number;
}

export interface Lockfile {
  lockfileVersion: 1;
  /** Collection id (absent until known, e.g. before a defined collection is first created). */
  collection?: string;
  /** Project id of a collection the tool created. */
  project?: string;
  assets: Record<string, LockEntry>;
  /** Uploaded images by source: the project-relative path of a file, or the URL. */
  uploads?: Record<string, LockedUpload>;
  /** Reference images attached to the collection: source → the asset id attached. */
  references?: Record<string, string>;
  /**
   * Batches written down just before they were sent and not yet settled: idempotency key → when it
   * was sent and its items in request order. A run that finds one asks the API which of its
   * requests were accepted (the collection's jobs, matched by type, name and item) and adopts them;
   * it sends again only what the API shows it does not have, and only what the plan still wants.
   * Absent after a finished run (so a finished lock holds no timestamps).
   */
  inflight?: Record<string, InflightBatch>;
}

/** One written-down batch. */
export interface InflightBatch {
  /** ISO 8601 time just before it was sent (absent in locks written before it was recorded). */
  sent_at?: string;
  items: InflightItem[];
}

/** One item of a batch being sent: enough to replay the request exactly and to journal its answer. */
export interface InflightItem {
  id: string;
  type: AssetKind;
  name: string;
  /** Output folder of the asset's files (project-relative, POSIX). */
  dir: string;
  fingerprint: string;
  inputs: Record<string, unknown>;
  /** The generate request exactly as sent. */
  request: Record<string, unknown>;
  /** The free reverse clip a transition's request also makes. */
  reverse?: { id: string; name: string; dir: string; fingerprint: string; inputs: Record<string, unknown> };
}
