/**
 * masko-sync's library entry: the pure core and the adapters. It loads nothing of the emulator
 * (its HTTP server and media renderers): that is `masko-sync/emulator` (src/emulator-entry.ts).
 */
export type * from './model/manifest.js';
export type * from './model/diagnostic.js';
export type * from './model/lock.js';
export type * from './model/plan.js';
export type {
  GenerateRequest,
  GenerateResult,
  GenerateType,
  BatchResult,
  Job,
  JobStatus,
  ReverseJob,
  Credits,
  AssetInfo,
  Item,
  ItemType,
  Collection,
  Project,
  PreviewResult,
  ErrorCode,
  Plan as AccountPlan,
} from './api/wire.js';
export { loadManifest, renderDiagnostics, toRenderedDiagnostics, type LoadResult } from './manifest/index.js';
export { buildGraph } from './graph/index.js';
export { buildPlan, fingerprintInputs, fingerprintOf, estimateCredits, type BuildPlanOptions, type FingerprintContext, type UpstreamRef } from './plan/index.js';
export { parseLock, serializeLock, readLock, writeLock, LockfileError } from './lockfile/index.js';
export { buildIndex, type IndexEntry } from './outputs/asset-index.js';
export { MaskoClient, type ClientOptions, type BatchBodyKey } from './api/client.js';
export type { HttpOptions, HttpResponse, SendOptions } from './api/http.js';
export type { SubmittedJob, JobView, AssetView, ItemView, CreditsView, ProjectView, CollectionView, WireTraits } from './api/views.js';
export { RequestBudget, DOCUMENTED_LIMITS, type RateWindow, type RequestBudgetOptions, type Ticket } from './api/request-budget.js';
export type { BackoffOptions } from './api/backoff.js';
export { ApiError, TransportError, UnreadableAnswerError, WaitTooLongError, type Delivery } from './api/errors.js';
export { applyPlan } from './apply/apply-plan.js';
export { LockJournal } from './apply/journal.js';
export type { ApplyApi, ApplyEvent, ApplyFailure, ApplyFiles, ApplyHooks, ApplyOptions, ApplyResult, WireMemory } from './apply/types.js';
export { indexJson, INDEX_VERSION, type AssetIndex, type AssetStatus, type IndexFile } from './outputs/asset-index.js';
export { renderModule, renderDeclarations, exportNames, type ModuleSource } from './outputs/asset-module.js';
export { writeOutputs, moduleFilesMode, INDEX_FILE, type WriteOutputsOptions } from './outputs/write-outputs.js';
export { probeMedia } from './outputs/probe-media.js';
export type { MediaInfo } from './outputs/media-types.js';
export { sync, applyPlanned, syncExitCode, type SyncOptions, type SyncReport, type SyncEvent, type ApplyPlannedOptions } from './operations/sync.js';
export { pull, type PullOptions } from './operations/pull.js';
export type { PullReport, FrozenReport, RestoreEvent } from './operations/restore.js';
export { prune, type PruneReport, type OrphanFiles } from './operations/prune.js';
export { planSync, hasChanges } from './operations/plan.js';
export { watch, WATCH_DEFAULT_MAX_CREDITS, WATCH_DEFAULT_QUIET_MS, type WatchOptions, type WatchEvent, type RunOutcome } from './operations/watch.js';
export { doctor } from './operations/doctor.js';
export { importCollection, type ImportOptions, type ImportReport, type ImportEvent, type ImportedAsset } from './operations/import.js';
export { pruneRemote, type ArchiveRemoteOptions, type ArchiveReport, type ArchiveEvent, type ArchiveTarget } from './operations/archive-remote.js';
export type { DoctorReport, DoctorCheck, DialectGuess } from './doctor/diagnose-api.js';
export { loadProject, localFiles, type Project as LoadedProject } from './operations/project.js';
export { OperationError, InvalidManifestError } from './operations/errors.js';
export { ExitCode } from './operations/exit-codes.js';
export type { OperationContext, LogLevel } from './operations/context.js';
