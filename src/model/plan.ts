/** Types of a plan: plain data from the pure planner to the applier and to `plan --json`. Types only. */
import type { AssetKind } from './manifest.js';

export type PlanAction =
  | 'create'
  | 'regenerate'
  | 'resume'
  | 'rename'
  | 'restore'
  | 'relocate'
  | 'derive'
  | 'unchanged'
  | 'orphan';

/** The state of a file a lock entry names, as seen on disk (computed by an adapter, passed in). */
export interface LocalFileState {
  /** false when the file is missing. */
  exists: boolean;
  bytes?: number;
  sha256?: string;
  /** A symlink stands at the path: never followed or read, so it never matches a locked file. */
  symlink?: boolean;
}

/** path (relative, POSIX) → state. A path absent from the map is treated as missing. */
export type LocalFiles = Record<string, LocalFileState>;

export interface PlanStep {
  id: string;
  action: PlanAction;
  /** Why, for a person: "image_prompt changed", "upstream wave changes", "not in the lock", … */
  reason: string;
  /** The upstream asset that caused this change, when `reason` is about an upstream. */
  cause?: string;
  /** Estimated credits at the documented prices (0 for free actions). */
  credits: number;
  /** Local ids this asset needs first. */
  depends_on: string[];
  /** Kind of the asset (null for an orphan whose lock entry has no known kind). */
  kind: AssetKind | null;
  /** The planned fingerprint (create/regenerate; an upstream about to change contributes its new fingerprint). */
  fingerprint?: string;
  /** Names of the fingerprint input fields that differ from the lock (regenerate). */
  changed?: string[];
  /** Free fixes carried out along with the action (or as the action itself). */
  rename?: { from: string; to: string };
  relocate?: Array<{ key: string; from: string; to: string }>;
  restore?: string[];
  /**
   * Size and format variants made locally (free, no request): new ones (action `derive`), or
   * derived files the lock records that are missing on disk (action `restore`). Variant keys.
   */
  derive?: string[];
  /** Variants the manifest no longer wants: their lock records and files are removed (free). */
  drop?: string[];
  /** Files in the way: paths this step would write that masko.lock does not record for it. A sync refuses while any is left. */
  conflicts?: PlanConflict[];
  /** A regeneration asked for with `--reroll` (same inputs, a new generation). */
  reroll?: boolean;
  /** The lock entry this asset takes over through `moved:` (its files and item follow, free). */
  moved_from?: string;
  /** A suggestion, e.g. the `moved:` line that keeps an orphan's generation for a new id with the same inputs. */
  hint?: string;
}

/** An image uploaded (free) before the generations that use it: a `source`/`end` file or URL, or a collection reference. */
export interface PlanUpload {
  /** The project-relative path of the file, or the URL (the key in masko.lock's `uploads`). */
  source: string;
  kind: 'file' | 'url';
  /** `upload`: sent before anything that needs it; `unchanged`: the locked upload is current, or nothing needs it now. */
  action: 'upload' | 'unchanged';
  reason: string;
  credits: 0;
  /** For a file: its bytes as on disk now. */
  sha256?: string;
  bytes?: number;
  /** Asset ids made from it (and `collection` when it is a reference). */
  used_by: string[];
}

/** One change to the collection's reference images (free). */
export interface PlanReference {
  source: string;
  /** `add` (POST …/references, or part of creating the collection), `remove` (DELETE …/references/:asset_id), `unchanged`. */
  action: 'add' | 'remove' | 'unchanged';
  reason: string;
  credits: 0;
  /** The asset id attached now (remove, unchanged). */
  asset_id?: string;
}

/** A file at a path a step would write, that masko-sync does not own. */
export interface PlanConflict {
  /** Project-relative POSIX path. */
  path: string;
  /** Why it is not masko-sync's to replace. */
  reason: string;
}

/** Counts per action, the credit estimate, and the number of conflicts (files in the way). */
export type PlanSummary = Record<PlanAction, number> & { credits: number; conflicts: number };

export interface Plan {
  format_version: 1;
  /** The collection id from the manifest or lock; null when it will be created by this sync. */
  collection: string | null;
  summary: PlanSummary;
  /** Dependency waves; orphans, if any, form the last wave. */
  waves: PlanStep[][];
  /** Images to upload or already uploaded (absent when the manifest uses none). */
  uploads?: PlanUpload[];
  /** Changes to the collection's reference images (absent when the manifest lists none and the lock records none). */
  references?: PlanReference[];
}
