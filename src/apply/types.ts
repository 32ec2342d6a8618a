/** What applyPlan needs from the outside world and what it reports. */
import type { BatchBodyKey } from '../api/client.js';
import type { AssetView, ItemView, JobView, SubmittedJob } from '../api/views.js';
import type { BudgetWaitCause, RequestBudget } from '../api/request-budget.js';
import type { GenerateRequest, JobStatus } from '../api/wire.js';
import type { DeriveOutcome, DeriveRequest } from '../outputs/derived-files.js';

/** The API calls the applier makes (MaskoClient satisfies it; tests may pass fakes). */
export interface ApplyApi {
  generateBatch(collectionId: string, items: GenerateRequest[], idempotencyKey: string, options?: { bodyKey?: BatchBodyKey; signal?: AbortSignal; priority?: number }): Promise<SubmittedJob[]>;
  /** `priority` ranks the request in the run's request budget (see request-budget.ts); `waitSeconds` asks a long poll to wait that long (at most 60). */
  getJob(id: string, options?: { wait?: boolean; signal?: AbortSignal; priority?: number; waitSeconds?: number }): Promise<JobView>;
  listJobs(filter: { collectionId: string; type?: string; status?: string }, options?: { signal?: AbortSignal; stopAfter?: (page: JobView[]) => boolean; priority?: number; offset?: number }): Promise<JobView[]>;
  listItems(collectionId: string, signal?: AbortSignal): Promise<ItemView[]>;
  getItem(id: string, signal?: AbortSignal): Promise<ItemView>;
  renameItem(id: string, name: string, signal?: AbortSignal): Promise<unknown>;
  getAsset(id: string, signal?: AbortSignal): Promise<AssetView>;
  /** The run's request budget, when one paces these calls: submissions are paced to leave room for the critical path. */
  readonly budget?: RequestBudget;
  /** How far the server's clock is ahead of ours (ms), once known: settling then trusts job times to a second or two. */
  serverClockOffsetMs?(): number | undefined;
}

/** File operations on project-relative paths (the outputs adapter; it keeps paths inside the project). */
export interface ApplyFiles {
  /**
   * Downloads to `relPath`, verified; with `expectedSha256` the content must match it, and content
   * `isPlaceholder` says is a CDN placeholder is refused as not ready yet (never put in place).
   */
  download(
    url: string,
    relPath: string,
    options?: { expectedSha256?: string; isPlaceholder?: (sha256: string) => boolean; signal?: AbortSignal },
  ): Promise<{ bytes: number; sha256: string }>;
  /** Moves a file; resolves false when `fromRel` does not exist. */
  move(fromRel: string, toRel: string): Promise<boolean>;
  /** Fetches a URL without keeping it and returns its sha256 (to learn what a placeholder looks like). */
  probe?(url: string, signal?: AbortSignal): Promise<{ bytes: number; sha256: string }>;
  /**
   * Makes a size or format variant of a downloaded file locally (sizes the API did not make, web
   * formats), or finds it current. Absent: the adapter cannot, and variants are left to the outputs.
   */
  derive?(req: DeriveRequest): Promise<DeriveOutcome>;
  /** Removes a project file the lock records (a variant no longer wanted); a missing one is fine. */
  remove?(relPath: string): Promise<void>;
}

/**
 * What the tool remembers about a server between runs (`.masko/`): the batch body key it accepts
 * and the hashes its CDN placeholders have. Never needed for correctness, only to save requests.
 */
export interface WireMemory {
  batchBodyKey: BatchBodyKey;
  /** Hashes known to be CDN placeholders. */
  placeholders: Set<string>;
  /** URL → the hash it served once (a placeholder is the hash two URLs served). */
  samples: Map<string, string>;
  /**
   * URL → the hash recorded for it whose second look (placeholders.ts) an interrupted run did not
   * make: the next run makes it first.
   */
  unchecked?: Map<string, string>;
  /** Called when something was learned (the CLI persists it). */
  save(): void;
}

export type ApplyEvent =
  | { type: 'submitted'; ids: string[]; credits: number }
  | { type: 'job'; id: string; status: JobStatus; progress?: number }
  | { type: 'generated'; id: string }
  | { type: 'completed'; id: string; credits: number }
  | { type: 'failed'; id: string; code: string; message: string }
  | { type: 'skipped'; id: string; cause: string }
  | { type: 'pending'; id: string; job_id?: string }
  | { type: 'adopted'; id: string; job_id: string; reason: string }
  | { type: 'renamed'; id: string; from: string; to: string }
  | { type: 'relocated'; id: string; key: string; from: string; to: string }
  | { type: 'restored'; id: string; key: string; path: string }
  | { type: 'uploaded'; source: string; asset_id: string; bytes?: number }
  | { type: 'upload_failed'; source: string; code: string; message: string }
  | { type: 'reference_added'; source: string; asset_id: string }
  | { type: 'reference_removed'; source: string; asset_id: string }
  | { type: 'derived'; id: string; key: string; path: string; reason: string }
  | { type: 'dropped'; id: string; key: string; path: string }
  | { type: 'warning'; message: string }
  /** The run's request budget holds requests back for a while (see api/request-budget.ts). */
  | { type: 'rate_limit_wait'; wait_ms: number; cause: BudgetWaitCause; limit?: number; window_s?: number; message: string };

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
  /** What was learned about this server before (a fresh memory when absent). */
  memory?: WireMemory;
  /** The clock, for the time a batch is sent (injected: tests and the pure core never read it themselves). */
  now?: () => number;
  /**
   * How long to wait before asking the server a second time which requests of an unanswered batch
   * it accepted (a request may still be processing when the connection is lost). Default 1.5 s.
   */
  settleGraceMs?: number;
  /** Jobs a person chose for submissions whose match was ambiguous (`--adopt id=job`). */
  adopt?: Record<string, string>;
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
  /** Credits charged by submissions accepted in this run, less refunds of its failed jobs. */
  creditsSpent: number;
  /** Free actions done: renames, relocations, restores, variants made or dropped. */
  fixed: number;
  interrupted: boolean;
  /** Errors that are not about one asset (a lock write that failed): the run failed (exit 1). */
  errors: string[];
}
