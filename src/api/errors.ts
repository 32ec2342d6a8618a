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

/**
 * Whether a failed exchange may have reached the server: `no` when the connection never opened (a
 * refused connection, an unknown host), `maybe` once a request could have been read (a reset, a
 * timeout, an answer cut off). A POST whose outcome is `maybe` must be settled by asking the server.
 */
export type Delivery = 'no' | 'maybe';

/** The request did not produce a complete answer: refused, reset, timed out, truncated. */
export class TransportError extends Error {
  readonly delivery: Delivery;
  /** A failure that trying again will not mend (an unknown host). */
  readonly permanent: boolean;

  constructor(message: string, options: { cause?: unknown; delivery?: Delivery; permanent?: boolean } = {}) {
    super(message, { cause: options.cause });
    this.name = 'TransportError';
    this.delivery = options.delivery ?? 'maybe';
    this.permanent = options.permanent ?? false;
  }
}

/** A 2xx whose body the client cannot read: the server did accept something. */
export class UnreadableAnswerError extends TransportError {
  constructor(message: string, readonly status: number) {
    super(message, { delivery: 'maybe' });
    this.name = 'UnreadableAnswerError';
  }
}

/** The server asked to wait longer than the client will (Retry-After over the cap). */
export class WaitTooLongError extends Error {
  constructor(
    readonly waitMs: number,
    readonly capMs: number,
    what: string,
  ) {
    super(
      `${what}: the API asks to wait ${Math.round(waitMs / 1000)} s before trying again, longer than the ${Math.round(capMs / 1000)} s this tool waits; stopping here. Run again later (nothing is lost: masko.lock records what was accepted)`,
    );
    this.name = 'WaitTooLongError';
  }
}

/** Whether an error from a request may succeed if tried again (for requests that are safe to repeat). */
export function isRetryable(err: unknown): boolean {
  if (err instanceof ApiError) return err.retryable;
  if (err instanceof TransportError) return !err.permanent;
  return false;
}

/**
 * Whether the outcome of a POST that failed with `err` is unknown: it may have been processed (and
 * charged). A clear error answer (4xx, or 429 which is refused before anything happens) and a
 * connection that never opened are known outcomes: nothing was done.
 */
export function outcomeUnknown(err: unknown): boolean {
  if (err instanceof ApiError) return err.status >= 500;
  if (err instanceof TransportError) return err.delivery === 'maybe';
  return false;
}

/** The error code the documented table gives a status, for answers that carry none. */
export function codeForStatus(status: number): string {
  switch (status) {
    case 400:
      return 'bad_request';
    case 401:
      return 'unauthorized';
    case 402:
      return 'insufficient_credits';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 409:
      return 'conflict';
    case 429:
      return 'rate_limited';
    default:
      return status >= 500 ? 'internal_error' : `http_${status}`;
  }
}
