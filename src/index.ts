/** masko-sync's library entry: the pure core, the adapters and the emulator. */
export type * from './model/manifest.js';
export type * from './model/diagnostic.js';
export type * from './model/lock.js';
export type * from './model/plan.js';
export type { GenerateRequest, GenerateResult, BatchResult, Job, JobStatus, Credits, AssetInfo, Item, Collection, Project } from './api/wire.js';
export { loadManifest, renderDiagnostics, toRenderedDiagnostics } from './manifest/index.js';
export { buildGraph } from './graph/index.js';
export { buildPlan, fingerprintInputs, fingerprintOf, estimateCredits } from './plan/index.js';
export { parseLock, serializeLock, readLock, writeLock, LockfileError } from './lockfile/index.js';
export { MaskoClient } from './api/client.js';
export { ApiError, TransportError } from './api/errors.js';
export { applyPlan } from './apply/apply-plan.js';
export { LockJournal } from './apply/journal.js';
export type { ApplyApi, ApplyEvent, ApplyFiles, ApplyOptions, ApplyResult } from './apply/types.js';
export { startEmulator, DIALECTS, type Dialect, type EmulatorOptions, type RunningEmulator, type WireStats } from './emulator/index.js';
