/** JSON over HTTP for the Masko API: one keep-alive agent, typed errors, retries that can never charge twice. */
import { Agent, request, errors as undiciErrors, type Dispatcher, type FormData } from 'undici';
import { ApiError, TransportError, UnreadableAnswerError, WaitTooLongError, codeForStatus, isRetryable } from './errors.js';
import { defaultBackoff, parseRetryAfter, retryDelay, sleep, type BackoffOptions } from './backoff.js';
import { readErrorBody } from './read-wire.js';
import type { AcquireOptions, RequestBudget } from './request-budget.js';

export interface HttpOptions {
  /** API origin, e.g. https://api.masko.ai (paths are sent as /v1/…). */
  baseUrl: string;
  apiKey?: string;
  /** Attempts per request, the first included. */
  maxAttempts?: number;
  backoff?: BackoffOptions;
  /** Per-request timeout for ordinary calls (ms). */
  timeoutMs?: number;
  /** The longest Retry-After the client honours (ms); a longer one stops the request (default 5 minutes). */
  maxRetryAfterMs?: number;
  dispatcher?: Dispatcher;
  /** Called before each retry (for progress output). */
  onRetry?: (info: { method: string; path: string; attempt: number; delayMs: number; error: Error }) => void;
  /** Paces every request of the run (shared by all clients of one run); none when absent. */
  budget?: RequestBudget;
  /** Called with every answer's status and headers. */
  onAnswer?: (info: { method: string; path: string; status: number; headers: Record<string, string | string[] | undefined> }) => void;
  userAgent?: string;
}

export interface SendOptions {
  body?: unknown;
  /** A multipart body instead of JSON (uploads); undici's FormData sets the boundary. */
  form?: FormData;
  query?: Record<string, string | number | boolean | undefined>;
  /** Sent on POST as a bonus: safety never depends on the server honouring it. */
  idempotencyKey?: string;
  /** Overrides the per-request timeout (long polls). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** How this request waits in the run's request budget (priority; `late` for long polls). */
  pace?: AcquireOptions;
}

export interface HttpResponse {
  status: number;
  /** The parsed body (undefined for an empty 2xx such as 204). */
  json: unknown;
}

export const DEFAULT_MAX_RETRY_AFTER_MS = 5 * 60_000;
/** setTimeout fires at once for delays over 2^31 - 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Connection failures that happen before a request can be read: nothing reached the server. */
const NOT_DELIVERED = new Set(['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT', 'ENETUNREACH', 'EHOSTUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);
/** Of those, the ones another try will not mend. */
const PERMANENT = new Set(['ENOTFOUND', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'ERR_TLS_CERT_ALTNAME_INVALID']);

/**
 * Sends JSON requests. GET, PATCH and DELETE (idempotent) are retried on 429, 5xx and dropped connections. A POST is
 * retried only when it surely did nothing (a 429, or a connection that never opened): any other
 * failure is thrown, and the caller settles it by asking the server what exists.
 */
export class HttpJson {
  /** Server time minus local time (ms), from the last answer's `Date` header (1 s resolution). */
  private clockOffsetMs: number | undefined;
  private readonly agent: Dispatcher;
  private readonly ownsAgent: boolean;
  private readonly opts: Required<Pick<HttpOptions, 'maxAttempts' | 'backoff' | 'timeoutMs' | 'maxRetryAfterMs'>> & HttpOptions;

  constructor(options: HttpOptions) {
    this.opts = { maxAttempts: 6, backoff: defaultBackoff, timeoutMs: 30_000, maxRetryAfterMs: DEFAULT_MAX_RETRY_AFTER_MS, ...options };
    this.ownsAgent = !options.dispatcher;
    this.agent = options.dispatcher ?? new Agent({ keepAliveTimeout: 10_000, connections: 64 });
  }

  /** Sends one request, retrying what may be retried; resolves to the parsed JSON body of a 2xx. */
  async send(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, options: SendOptions = {}): Promise<HttpResponse> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once(method, path, options);
      } catch (err) {
        const error = err instanceof Error ? err : new Error(String(err));
        if (options.signal?.aborted || !isRetryable(error) || attempt >= this.opts.maxAttempts) throw error;
        if (method === 'POST' && !surelyNotProcessed(error)) throw error;
        const retryAfter = error instanceof ApiError ? error.retryAfterMs : undefined;
        if (retryAfter !== undefined && retryAfter > this.opts.maxRetryAfterMs) {
          throw new WaitTooLongError(retryAfter, this.opts.maxRetryAfterMs, `${method} ${path}`);
        }
        const delayMs = Math.min(retryDelay(attempt, this.opts.backoff, retryAfter), MAX_TIMER_MS);
        this.opts.onRetry?.({ method, path, attempt, delayMs, error });
        await sleep(delayMs, options.signal);
      }
    }
  }

  /** The run's request budget, when one paces this client. */
  get budget(): RequestBudget | undefined {
    return this.opts.budget;
  }

  /** How far the server's clock is ahead of ours (ms, ±1 s), once an answer has said; undefined before. */
  get serverClockOffsetMs(): number | undefined {
    return this.clockOffsetMs;
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
    let body: string | FormData | undefined;
    if (options.form !== undefined) {
      body = options.form;
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    const timeout = options.timeoutMs ?? this.opts.timeoutMs;
    const what = `${method} ${url.pathname}`;
    const ticket = await this.opts.budget?.acquire(options.signal, options.pace);
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
      // No answer to read: the budget stops counting it as out.
      if (ticket !== undefined) this.opts.budget!.done(ticket);
      if (options.signal?.aborted) throw err;
      throw transportError(what, url, err);
    }
    if (ticket !== undefined) this.opts.budget!.observe(ticket, res.statusCode, res.headers, parseRetryAfter(res.headers['retry-after'], Date.now()));
    const date = Date.parse(String(res.headers.date ?? ''));
    if (!Number.isNaN(date)) this.clockOffsetMs = date - Date.now();
    this.opts.onAnswer?.({ method, path: url.pathname, status: res.statusCode, headers: res.headers });
    let text: string;
    try {
      text = await res.body.text();
    } catch (err) {
      throw new TransportError(`${what}: the answer was cut off (${describe(err)})`, { cause: err, delivery: 'maybe' });
    }
    const json = parseJson(text);
    if (res.statusCode >= 200 && res.statusCode < 300) {
      if (json === undefined && text.trim() !== '') {
        throw new UnreadableAnswerError(`${what}: the answer (${res.statusCode}) is not JSON`, res.statusCode);
      }
      return { status: res.statusCode, json };
    }
    throw this.apiError(res.statusCode, json, text, parseRetryAfter(res.headers['retry-after'], Date.now()));
  }

  /** An error answer as an ApiError; the key is removed from anything the server said (some echo headers). */
  private apiError(status: number, json: unknown, text: string, retryAfterMs?: number): ApiError {
    const { code, message, details } = readErrorBody(json);
    const fallback = text.trim().slice(0, 200);
    const said = message ?? (fallback ? `HTTP ${status}: ${fallback}` : `HTTP ${status}`);
    return new ApiError(status, code ?? codeForStatus(status), this.redact(said), details, retryAfterMs);
  }

  private redact(text: string): string {
    const key = this.opts.apiKey;
    return key ? text.split(key).join('masko_…(redacted)') : text;
  }
}

/** A 429 is refused before anything happens; a connection that never opened carried nothing. */
function surelyNotProcessed(err: Error): boolean {
  if (err instanceof ApiError) return err.status === 429;
  return err instanceof TransportError && err.delivery === 'no';
}

function transportError(what: string, url: URL, err: unknown): TransportError {
  const code = errorCode(err);
  if (code === 'ENOTFOUND') {
    return new TransportError(`${what}: cannot resolve the host ${url.hostname} (check MASKO_API_URL and the network)`, { cause: err, delivery: 'no', permanent: true });
  }
  const delivery = code !== undefined && NOT_DELIVERED.has(code) ? 'no' : 'maybe';
  return new TransportError(`${what} failed: ${describe(err)}`, { cause: err, delivery, permanent: code !== undefined && PERMANENT.has(code) });
}

/** The system or undici code of an error, looking through `cause` (fetch-style wrapping). */
function errorCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
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
  const code = errorCode(err);
  const message = err instanceof Error ? err.message : String(err);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}
