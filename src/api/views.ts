/**
 * What the client makes of the API's answers, whatever documented variant they came in
 * (enveloped or bare, `job_id` or `id`, ids present or missing). A field the server did not give is
 * absent here, never an empty string: the rest of the tool decides what to do without it.
 */
import type { JobStatus } from './wire.js';

/** One accepted generation, as its generate (or batch element) answer describes it. */
export interface SubmittedJob {
  jobId?: string;
  itemId?: string;
  itemName?: string;
  /** Credits charged, when the answer says. */
  cost?: number;
  assetIds: Record<string, string>;
  urls: Record<string, string>;
  /** The free reverse clip of a transition, when the answer describes it. */
  reverse?: SubmittedJob;
}

/** A job, from `GET /v1/jobs/:id` or a job list. */
export interface JobView {
  id: string;
  status: JobStatus;
  /** The server's own job type word (`image`, `animation`, `image_generation`, `reverse`, …). */
  type?: string;
  collectionId?: string;
  itemId?: string;
  itemName?: string;
  cost?: number;
  progress?: number;
  assetIds: Record<string, string>;
  urls: Record<string, string>;
  error?: { code: string; message: string };
  createdAt?: string;
  /** When it ended (`completed_at`), or last changed (`updated_at`) when the view has no end time. */
  endedAt?: string;
}

/** One file of an item. */
export interface AssetView {
  id: string;
  /** The asset key (`image`, `webm`, …), from `key` or `type`. */
  key?: string;
  url?: string;
  status?: string;
  itemId?: string;
  jobId?: string;
  bytes?: number;
  sha256?: string;
}

/** An item (one pose) with the files it has. */
export interface ItemView {
  id: string;
  name?: string;
  type?: string;
  createdAt?: string;
  archived?: boolean;
  assets: AssetView[];
}

/** The account's credits, from whichever documented field is there. */
export interface CreditsView {
  /** Absent when the answer carries no balance the client knows. */
  balance?: number;
  /** Absent when the answer does not say (the API's 403 then decides plan gating). */
  plan?: string;
}

export interface ProjectView {
  id: string;
  name?: string;
}

export interface CollectionView {
  id: string;
  name?: string;
  projectId?: string;
}

/** How the answers of a server looked: what `doctor` reports and the client learns. */
export interface WireTraits {
  /** Bodies wrapped in `{data}`. */
  envelope?: boolean;
}
