/** JSON over HTTP for the Masko API: one keep-alive agent, typed errors, retries with backoff. */
import { Agent, request, errors as undiciErrors } from 'undici';
import { ApiError, TransportError, isRetryable } from './errors.js';
import { defaultBackoff, parseRetryAfter, retryDelay, sleep, type BackoffOptions } from './backoff.js';

export interface HttpOptions {
  /** API origin, e.g. https://api.masko.ai (paths are sent as /v1/…). */
  baseUrl: string;
  apiKey?: string;
  /** Attempts per request, the first included. */
  maxAttempts?: number;
  backoff?: BackoffOptions;
  /** Per-request timeout for ordinary calls (ms). */
  timeoutMs?: number;
  dispatcher?: Agent;
  /** Called before each retry (for progress output). */
  onRetry?: (info: { method: string; path: string; attempt: number; delayMs: number; error: Error }) => void;
  userAgent?: string;
}

export interface SendOptions {
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  /** Sent on POST; a POST without one is never retried (a retry could charge twice). */
  idempotencyKey?: string;
  /** Overrides the per-request timeout (long polls). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  json: unknown;
}

/** Sends JSON requests to the API with retries on 429, 5xx and dropped connections. */
export class HttpJson {
  private readonly agent: Agent;
  private readonly ownsAgent: boolean;
  private readonly opts: Required<Pick<HttpOptions, 'maxAttempts' | 'backoff' | 'timeoutMs'>> & HttpOptions;

  constructor(options: HttpOptions) {
    this.opts = { maxAttempts: 6, backoff: defaultBackoff, timeoutMs: 30_000, ...options };
    this.ownsAgent = !options.dispatcher;
    this.agent = options.dispatcher ?? new Agent({ keepAliveTimeout: 10_000, connections: 64 });
  }

  /** Sends one request, retrying what may be retried; resolves to the parsed JSON body of a 2xx. */
  async send(method: 'GET' | 'POST' | 'PATCH', path: string, options: SendOptions = {}): Promise<HttpResponse> {
    const retriable = method !== 'POST' || options.idempotencyKey !== undefined;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once(method, path, options);
      } catch (err) {
        const error = err instanceof Error ? err : new Error(String(err));
        if (options.signal?.aborted || !retriable || !isRetryable(error) || attempt >= this.opts.maxAttempts) {
          throw error;
        }
        const retryAfter = error instanceof ApiError ? error.retryAfterMs : undefined;
        const delayMs = retryDelay(attempt, this.opts.backoff, retryAfter);
        this.opts.onRetry?.({ method, path, attempt, delayMs, error });
        await sleep(delayMs, options.signal);
      }
    }
  }

  /** Closes the connection pool (when this instance created it). */
  async close(): Promise<void> {
    if (this.ownsAgent) await this.agent.close();
  }

  private async once(method: string, path: string, options: SendOptions): Promise<HttpResponse> {
    const url = new URL(path, this.opts.baseUrl.endsWith('/') ? this.opts.baseUrl : this.opts.baseUrl + '/');
    for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.opts.apiKey) headers.authorization = `Bearer ${this.opts.apiKey}`;
    if (this.opts.userAgent) headers['user-agent'] = this.opts.userAgent;
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    const timeout = options.timeoutMs ?? this.opts.timeoutMs;
    let res;
    try {
      res = await request(url, {
        method: method as 'GET',
        headers,
        body,
        dispatcher: this.agent,
        signal: options.signal,
        headersTimeout: timeout,
        bodyTimeout: timeout,
      });
    } catch (err) {
      if (options.signal?.aborted) throw err;
      throw new TransportError(`${method} ${url.pathname} failed: ${describe(err)}`, { cause: err });
    }
    let text: string;
    try {
      text = await res.body.text();
    } catch (err) {
      throw new TransportError(`${method} ${url.pathname}: the answer was cut off (${describe(err)})`, { cause: err });
    }
    const json = parseJson(text);
    if (res.statusCode >= 200 && res.statusCode < 300) {
      if (json === undefined) {
        throw new TransportError(`${method} ${url.pathname}: the answer (${res.statusCode}) is not JSON`);
      }
      return { status: res.statusCode, json };
    }
    throw toApiError(res.statusCode, json, text, parseRetryAfter(res.headers['retry-after'], Date.now()));
  }
}

function toApiError(status: number, json: unknown, text: string, retryAfterMs?: number): ApiError {
  const error = (json as { error?: unknown } | undefined)?.error;
  if (error && typeof error === 'object') {
    const { code, message, ...details } = error as Record<string, unknown>;
    return new ApiError(
      status,
      typeof code === 'string' ? code : `http_${status}`,
      typeof message === 'string' ? message : `HTTP ${status}`,
      details,
      retryAfterMs,
    );
  }
  const snippet = text.trim().slice(0, 200);
  return new ApiError(status, `http_${status}`, `HTTP ${status}${snippet ? `: ${snippet}` : ''}`, {}, retryAfterMs);
}

function parseJson(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function describe(err: unknown): string {
  if (err instanceof undiciErrors.HeadersTimeoutError || err instanceof undiciErrors.BodyTimeoutError) return 'timed out';
  const code = (err as { code?: string }).code;
  const message = err instanceof Error ? err.message : String(err);
  return code ? `${code}: ${message}` : message;
}
