/**
 * `masko-sync/emulator`: the local Masko API emulator, apart from the library entry so that the
 * library and the CLI load neither its HTTP server (hono) nor its renderers (resvg, ffmpeg: optional
 * dependencies, which the emulator replaces with embedded media when they are missing).
 */
export {
  startEmulator,
  DEFAULT_KEY,
  DIALECTS,
  type Dialect,
  type EmulatorOptions,
  type EmulatorStats,
  type FaultOptions,
  type LatencyKind,
  type RunningEmulator,
  type WireStats,
} from './emulator/index.js';
export type { Plan as AccountPlan } from './api/wire.js';
