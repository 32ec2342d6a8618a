/** What applyPlan needs from the outside world and what it reports. */
import type { AssetInfo, BatchResult, GenerateRequest, Job, JobStatus } from '../api/wire.js';

/** The API calls the applier makes (MaskoClient satisfies it; tests may pass fakes). */
export interface ApplyApi {
  generateBatch(collectionId: string, items: GenerateRequest[], idempotencyKey: string, signal?: AbortSignal): Promise<BatchResult>;
  getJob(id: string, options?: { wait?: boolean; signal?: AbortSignal }): Promise<Job>;
  renameItem(id: string, name: string, signal?: AbortSignal): Promise<unknown>;
  getAsset(id: string, signal?: AbortSignal): Promise<AssetInfo>;
}

/** File operations on project-relative paths (the outputs adapter; it keeps paths inside the project). */
export interface ApplyFiles {
  /** Downloads to `relPath`, verified; with `expectedSha256` the content must match it. */
  download(url: string, relPath: string, options?: { expectedSha256?: string; signal?: AbortSignal }): Promise<{ bytes: number; sha256: string }>;
  /** Moves a file; resolves false when `fromRel` does not exist. */
  move(fromRel: string, toRel: string): Promise<boolean>;
}

export type ApplyEvent =
  | { type: 'submitted'; ids: string[]; credits: number }
  | { type: 'job'; id: string; status: JobStatus; progress: number }
  | { type: 'generated'; id: string }
  | { type: 'completed'; id: string; credits: number }
  | { type: 'failed'; id: string; code: string; message: string }
  | { type: 'skipped'; id: string; cause: string }
  | { type: 'pending'; id: string; job_id: string }
  | { type: 'renamed'; id: string; from: string; to: string }
  | { type: 'relocated'; id: string; key: string; from: string; to: string }
  | { type: 'restored'; id: string; key: string; path: string }
  | { type: 'warning'; message: string };

export interface ApplyHooks {
  onEvent?: (event: ApplyEvent) => void;
}

export interface ApplyOptions {
  api: ApplyApi;
  files: ApplyFiles;
  /** Collection id the generations go to. */
  collection: string;
  /** Batch submissions in flight at once. */
  concurrency: number;
  /** false: submit, record pending entries and return without waiting for jobs. */
  wait: boolean;
  /** Aborting stops new submissions and pending waits; what was accepted stays journaled. */
  signal?: AbortSignal;
  hooks?: ApplyHooks;
}

export interface ApplyFailure {
  id: string;
  code: string;
  message: string;
}

export interface ApplyResult {
  completed: string[];
  failed: ApplyFailure[];
  skipped: Array<{ id: string; cause: string }>;
  /** Submitted but not finished (with --no-wait, or after an interruption): resumed by the next run. */
  pending: string[];
  /** Credits charged by accepted submissions, less refunds of failed jobs. */
  creditsSpent: number;
  /** Free actions done: renames, relocations, restores. */
  fixed: number;
  interrupted: boolean;
  /** Errors that are not about one asset (a lock write that failed): the run failed (exit 1). */
  errors: string[];
}
