/** The planner's public surface (pure). */
export { fingerprintInputs, fingerprintOf, canonicalJson, type UpstreamRef, type FingerprintContext } from './fingerprint.js';
export { inputsFromLock } from './inputs-from-lock.js';
export { estimateCredits } from './cost.js';
export { fileNameFor, expectedPath, extensionOf } from './file-names.js';
export { checkFiles, isIntact, targetPath, type FileFixes, type Relocation } from './check-files.js';
export { changedFields } from './diff-inputs.js';
export { buildPlan, planCollection, fingerprintCollection, summarize, PLAN_ACTIONS, type BuildPlanOptions } from './build-plan.js';
export { plannedInputs, lockEntry } from './plan-asset.js';
export { pathsToCheck } from './paths-to-check.js';
export { stepConflicts, lockOwners, writtenPaths, type Overwrite } from './conflicts.js';
export { applyMoves, type AppliedMove } from './apply-moves.js';
export { collectionChanges, uploadIsCurrent } from './plan-life.js';
export { sourceFiles } from './source-files.js';
