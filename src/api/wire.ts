/**
 * Wire types of the Masko HTTP API (../shared/spec/masko-api.md). The client and the emulator both
 * import these types and nothing else from each other.
 */

export type Plan = 'free' | 'starter' | 'pro' | 'business';
export type JobStatus = 'pending' | 'processing' | 'completed' | 'failed';
export type ItemType = 'image' | 'animation' | 'logo';
export type GenerateType = 'image' | 'animation' | 'edit' | 'logo';

/** Known asset keys; clients must treat keys as open. */
export type AssetKey =
  | 'image'
  | 'transparent_image'
  | 'video'
  | 'webm'
  | 'hevc'
  | 'logo'
  | 'logo_transparent'
  | 'icon'
  | 'favicon';

export interface Envelope<T> {
  data: T;
  meta?: { pagination?: Pagination } & Record<string, unknown>;
}
export interface Pagination {
  total: number;
  limit: number;
  offset: number;
  has_more: boolean;
}
export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    /** batch: index of the failing item */
    index?: number;
    /** 402 */
    required?: number;
    balance?: number;
    /** 403 plan gating */
    required_plan?: Plan;
    plan?: Plan;
    /** 400: the offending field */
    field?: string;
  };
}
export type ErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'insufficient_credits'
  | 'forbidden'
  | 'not_found'
  | 'idempotency_conflict'
  | 'rate_limited'
  | 'internal_error';

export interface Credits {
  balance: number;
  plan: Plan;
  subscription_credits: number;
  topup_credits: number;
}
export interface Project {
  id: string;
  name: string;
  created_at: string;
}
export interface Collection {
  id: string;
  name: string;
  description: string;
  project_id: string;
  slug: string;
  config?: Record<string, unknown>;
  created_at: string;
}
export interface AssetInfo {
  id: string;
  item_id: string;
  key: string;
  format: string;
  url: string;
  status: 'pending' | 'ready';
  bytes?: number;
  sha256?: string;
  job_id?: string;
}
export interface Item {
  id: string;
  collection_id: string;
  name: string;
  type: ItemType;
  archived?: boolean;
  /** what its last generation was asked (a pose's prompts; absent when not known) */
  image_prompt?: string;
  animation_prompt?: string;
  duration?: number;
  loop?: boolean;
  assets: AssetInfo[];
  created_at: string;
  updated_at: string;
}

/** Body of one generation (also one element of a batch). */
export interface GenerateRequest {
  type: GenerateType;
  name?: string;
  image_prompt?: string;
  animation_prompt?: string;
  duration?: number;
  loop?: boolean;
  source_image_asset_id?: string;
  end_image_asset_id?: string;
  auto_reverse?: boolean;
  reverse_name?: string;
  item_id?: string;
  edit_instructions?: string;
  logo_description?: string;
  logo_style_name?: string;
  logo_style_instruction?: string;
  /** Widths of free size variants to make of the files (CDN URLs pre-allocated in the answer). */
  sizes?: number[];
}
export interface BatchRequest {
  items?: GenerateRequest[];
  /** alias of items */
  requests?: GenerateRequest[];
}

/** 202 data of a generation. */
export interface GenerateResult {
  job_id: string;
  poll_url: string;
  status: JobStatus;
  type: GenerateType;
  item_id: string;
  item_name: string;
  cost_credits: number;
  asset_ids: Record<string, string>;
  urls: Record<string, string>;
  /** **[choice]** Size variants requested with `sizes`: width → asset key → CDN URL. */
  sizes?: SizeUrls;
  reverse_job?: ReverseJob;
}
/** Size variant URLs: width (as a string) → asset key → CDN URL. */
export type SizeUrls = Record<string, Record<string, string>>;
export interface ReverseJob {
  job_id: string;
  item_id: string;
  item_name: string;
  cost_credits: number;
  asset_ids: Record<string, string>;
  urls: Record<string, string>;
  sizes?: SizeUrls;
}
export interface BatchResult {
  jobs: GenerateResult[];
  total_cost_credits: number;
}
/** 201 data of POST /v1/upload (multipart `file`, or `{url}`). */
export interface UploadResult {
  asset_id: string;
  url: string;
  format: string;
  bytes: number;
  sha256: string;
}
export interface PreviewRequest {
  collection_id: string;
  prompt: string;
}
export interface PreviewResult {
  preview_url: string;
  expires_at: string;
}
export interface Job {
  id: string;
  status: JobStatus;
  type: GenerateType;
  collection_id: string;
  item_id: string;
  item_name: string;
  cost_credits: number;
  progress: number;
  asset_ids: Record<string, string>;
  urls: Record<string, string>;
  sizes?: SizeUrls;
  error: { code: string; message: string } | null;
  created_at: string;
  updated_at: string;
  completed_at: string | null;
}

/** Response header on CDN files of the emulator. */
export const ASSET_STATUS_HEADER = 'x-masko-asset-status';
