/**
 * A dialect is how the emulator presents its one internal state: each documented variant of the Masko
 * API answers with its own shapes and accepts its own request spellings, over the same accounting.
 */
import type { ApiError } from '../errors.js';
import type { AccountRec, AssetRec, CollectionRec, ItemRec, JobRec, ProjectRec } from '../state.js';
import type { Store } from '../store.js';

/** The dialects, `reference` (the project's contract) first: it is the default. */
export const DIALECTS = ['reference', 'docs', 'docs-legacy', 'seed', 'minimal'] as const;
/** One of `DIALECTS`. */
export type Dialect = (typeof DIALECTS)[number];

/** What views read besides the record itself. */
export interface ViewCtx {
  store: Store;
  /** e.g. http://127.0.0.1:PORT */
  baseUrl: string;
  /** epoch ms of the answer */
  now: number;
}

/** One generation as created: its job, and the reverse job when the dialect makes it at once. */
export interface Generated {
  job: JobRec;
  reverse?: JobRec;
}

export type ListName = 'projects' | 'collections' | 'items' | 'jobs';
/** The two spellings of a batch body's list. */
export type BatchKey = 'items' | 'requests';
/** Reads one query parameter of the request. */
export type Query = (name: string) => string | undefined;
/** What a CDN answer serves: the placeholder of a pending asset, the real file, or (cdn lag) the placeholder of a ready one. */
export type CdnState = 'placeholder' | 'ready' | 'lagging';

/** The free preview's data. */
export interface PreviewFacts {
  preview_url: string;
  expires_at: string;
}

/** Everything a dialect decides; routes call these and never test the dialect's name. */
export interface DialectSpec {
  readonly name: Dialect;
  /** whether `Idempotency-Key` is honoured unless the `idempotency` option says otherwise */
  readonly idempotency: boolean;
  /** true: an auto_reverse job is created only when its forward job completes (and the answer never names it) */
  readonly reverseAfterForward: boolean;
  /**
   * `sizes` on a generate request: `none` ignores it; `own-hash` makes each variant its own CDN name
   * (`wave-c3d4-480.png`, newer pages); `same-hash` adds `-<width>` to the file's own name (older pages)
   */
  readonly sizeVariants: 'none' | 'own-hash' | 'same-hash';
  /** batch body keys accepted; the first is the one a message asks for */
  readonly batchKeys: readonly BatchKey[];
  /** the `type` values of job views, which the `?type=` filter accepts */
  readonly jobTypes: readonly string[];
  jobType(j: JobRec): string;
  /** value of `X-Masko-Asset-Status` on a CDN answer, or undefined for no header */
  cdnStatus(state: CdnState): string | undefined;

  credits(a: AccountRec): unknown;
  project(p: ProjectRec): unknown;
  /** detail, and the answer to a create */
  collection(c: CollectionRec, v: ViewCtx): unknown;
  /** one element of the collection list */
  collectionSummary(c: CollectionRec, v: ViewCtx): unknown;
  item(i: ItemRec, v: ViewCtx): unknown;
  asset(a: AssetRec, v: ViewCtx): unknown;
  /** the answer data of POST /v1/upload */
  upload(a: AssetRec, v: ViewCtx): unknown;
  job(j: JobRec, v: ViewCtx): unknown;
  /** the answer data of one generation (alone, or one element of a batch) */
  generated(g: Generated, v: ViewCtx): unknown;
  preview(p: PreviewFacts): unknown;

  /** the body of a single object */
  single(view: unknown): unknown;
  /** the body of a list (paginated by `?limit=&offset=` where the dialect pages) */
  list<T>(name: ListName, all: readonly T[], toView: (x: T) => unknown, query: Query): unknown;
  /** the body of a batch answer */
  batch(views: unknown[], totalCost: number): unknown;
  /** the body of an error */
  error(e: ApiError): unknown;
}
