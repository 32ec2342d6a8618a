/** API errors: thrown anywhere in a handler, rendered once as `{error: {code, message, ...}}`. */
import type { ErrorBody, ErrorCode } from '../api/wire.js';

type Extra = Omit<ErrorBody['error'], 'code' | 'message'>;

/** An error that becomes a documented HTTP error response. */
export class ApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 402 | 403 | 404 | 409 | 429 | 500,
    readonly code: ErrorCode,
    message: string,
    readonly extra: Extra = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The JSON body of this error. */
  body(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...this.extra } };
  }
}

/** 400 naming the offending field, both in the message and in `error.field`. */
export function badField(field: string, problem: string): ApiError {
  return new ApiError(400, 'bad_request', `${field}: ${problem}`, { field });
}

/** 404 for an unknown id. */
export function notFound(what: string, id: string): ApiError {
  return new ApiError(404, 'not_found', `${what} ${JSON.stringify(id)} not found`);
}
