/** Errors of the Masko client: an HTTP error answer (ApiError) or a failed exchange (TransportError). */
import type { ErrorCode } from './wire.js';

/** The API answered with an error body (or a non-JSON error). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | string,
    message: string,
    /** The rest of the error body: index, required, balance, required_plan, field, … */
    readonly details: Record<string, unknown> = {},
    /** From Retry-After, on 429/503. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** 429 and 5xx are worth another try; 4xx are not. */
  get retryable(): boolean {
    return this.status === 429 || this.status >= 500;
  }
}

/** The request did not produce a complete answer: refused, reset, timed out, truncated. */
export class TransportError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransportError';
  }
}

/** Whether an error from a request may succeed if tried again. */
export function isRetryable(err: unknown): boolean {
  if (err instanceof ApiError) return err.retryable;
  return err instanceof TransportError;
}
