/** Types of masko.lock (v1). Types only. */
import type { AssetKind } from './manifest.js';

export type LockStatus = 'pending' | 'completed' | 'failed';

/** One downloaded (or to-be-downloaded) file of an asset, keyed by the API's asset key. */
export interface LockedFile {
  /** The API's asset id (e.g. the `image` asset, used as `source_image_asset_id` by dependants). */
  asset_id: string;
  /** Stable CDN URL. */
  url: string;
  /** Local path relative to the project folder, POSIX separators. */
  path: string;
  /** Size and hash of the verified local file; absent while pending. */
  bytes?: number;
  sha256?: string;
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
  item_id: string;
  job_id: string;
  status: LockStatus;
  /** Credits charged for this asset (0 for a reverse clip, a refunded failure, or a resumed job). */
  credits: number;
  files: Record<string, LockedFile>;
  /** For a reverse clip: the transition it belongs to. */
  reverse_of?: string;
  /** For a failed job: the API's error. */
  error?: { code: string; message: string };
}

export interface Lockfile {
  lockfileVersion: 1;
  /** Collection id (absent until known, e.g. before a defined collection is first created). */
  collection?: string;
  /** Project id of a collection the tool created. */
  project?: string;
  assets: Record<string, LockEntry>;
  /**
   * Batches written down just before they were sent and not yet answered: idempotency key → the
   * items in request order. A run interrupted in that window replays exactly the same request with
   * the same key, so the API answers the first response instead of charging again. Absent after a
   * finished run.
   */
  inflight?: Record<string, InflightItem[]>;
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
