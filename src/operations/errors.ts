/** The errors operations end with: a message a person can act on, and the documented exit code it maps to. */
import type { Diagnostic } from '../model/diagnostic.js';

/** An expected stop (usage, an invalid manifest, a corrupt lock, over budget…); the CLI prints it once. */
export class OperationError extends Error {
  constructor(
    message: string,
    /** The code of the exit-code table (exit-codes.ts) this stop means. */
    readonly exitCode: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'OperationError';
  }
}

/** The manifest cannot be used: its diagnostics, with the text they point into, for rendering. */
export class InvalidManifestError extends OperationError {
  constructor(
    message: string,
    readonly details: { text?: string; displayName: string; manifestPath: string; diagnostics: Diagnostic[] },
    exitCode: number,
  ) {
    super(message, exitCode);
    this.name = 'InvalidManifestError';
  }
}
