/** Streams a CDN file to `<dest>.part`, verifies length and hash, then renames it into place. */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { request, type Dispatcher } from 'undici';
import { ASSET_STATUS_HEADER } from '../api/wire.js';

/** A download that did not produce a verified file; `retryable` says whether trying again may help. */
export class DownloadError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DownloadError';
  }
}

export interface DownloadOptions {
  /** Absolute destination path (already checked to be inside the project). */
  dest: string;
  /** Refuse bodies larger than this. */
  maxBytes: number;
  /** When known (from the lock), the file must hash to this. */
  expectedSha256?: string;
  /** Content this says is a CDN placeholder is not ready yet: never put in place. */
  isPlaceholder?: (sha256: string) => boolean;
  dispatcher?: Dispatcher;
  signal?: AbortSignal;
}

export interface Downloaded {
  bytes: number;
  sha256: string;
}


/** Downloads one URL; the destination is only ever replaced by a complete, verified file. */
export async function downloadFile(url: string, options: DownloadOptions): Promise<Downloaded> {
  const part = `${options.dest}.part`;
  let res;
  try {
    res = await request(url, { method: 'GET', dispatcher: options.dispatcher, signal: options.signal, headersTimeout: 60_000, bodyTimeout: 60_000 });
  } catch (err) {
    throw new DownloadError(`download of ${url} failed: ${(err as Error).message}`, !options.signal?.aborted, { cause: err });
  }
  if (res.statusCode !== 200) {
    await res.body.dump();
    throw new DownloadError(`download of ${url} answered HTTP ${res.statusCode}`, res.statusCode === 429 || res.statusCode >= 500 || res.statusCode === 404);
  }
  if (header(res.headers[ASSET_STATUS_HEADER]) === 'placeholder') {
    await res.body.dump();
    throw new DownloadError(`${url} still serves its placeholder`, true);
  }
  const declared = header(res.headers['content-length']);
  const declaredBytes = declared !== undefined ? Number(declared) : undefined;
  if (declaredBytes !== undefined && declaredBytes > options.maxBytes) {
    await res.body.dump();
    throw new DownloadError(`${url} is ${declaredBytes} bytes, over the ${options.maxBytes}-byte cap`, false);
  }
  const hash = createHash('sha256');
  let bytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (bytes > options.maxBytes) return done(new DownloadError(`${url} is over the ${options.maxBytes}-byte cap`, false));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    // A leftover `.part` (or one planted as a symlink) is removed first; 'wx' never writes through a link.
    await rm(part, { force: true });
    // No fsync per file: a file cut short by a power loss fails its hash check on the next plan and is restored for free.
    await pipeline(res.body, meter, createWriteStream(part, { flags: 'wx' }));
  } catch (err) {
    await rm(part, { force: true });
    if (err instanceof DownloadError) throw err;
    throw new DownloadError(`download of ${url} was cut off after ${bytes} bytes`, !options.signal?.aborted, { cause: err });
  }
  const sha256 = hash.digest('hex');
  const problem = verify(url, bytes, sha256, declaredBytes, etagHash(header(res.headers.etag)), options.expectedSha256);
  if (problem) {
    await rm(part, { force: true });
    throw problem;
  }
  if (options.isPlaceholder?.(sha256)) {
    await rm(part, { force: true });
    throw new DownloadError(`${url} still serves its placeholder`, true);
  }
  await rename(part, options.dest);
  return { bytes, sha256 };
}

function verify(
  url: string,
  bytes: number,
  sha256: string,
  declaredBytes: number | undefined,
  etagSha: string | undefined,
  expected: string | undefined,
): DownloadError | undefined {
  if (declaredBytes !== undefined && bytes !== declaredBytes) {
    return new DownloadError(`${url} was truncated: ${bytes} of ${declaredBytes} bytes`, true);
  }
  if (etagSha && etagSha !== sha256) return new DownloadError(`${url} does not match its ETag hash`, true);
  if (expected && expected !== sha256) {
    return new DownloadError(`${url} no longer has the content recorded in masko.lock (sha256 ${expected.slice(0, 12)}…, got ${sha256.slice(0, 12)}…)`, false);
  }
  return undefined;
}

/** An ETag that is a bare or quoted SHA-256 hex digest is used to verify the body. */
function etagHash(etag: string | undefined): string | undefined {
  const m = etag?.match(/^(?:W\/)?"?(?:sha256[:-])?([0-9a-f]{64})"?$/i);
  return m?.[1]?.toLowerCase();
}

function header(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** Fetches a URL and hashes it without keeping it (to learn what the CDN's placeholders look like). */
export async function probeUrl(url: string, options: { maxBytes: number; dispatcher?: Dispatcher; signal?: AbortSignal }): Promise<Downloaded> {
  const res = await request(url, { method: 'GET', dispatcher: options.dispatcher, signal: options.signal, headersTimeout: 30_000, bodyTimeout: 30_000 });
  if (res.statusCode !== 200) {
    await res.body.dump();
    throw new DownloadError(`probe of ${url} answered HTTP ${res.statusCode}`, false);
  }
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of res.body) {
    bytes += (chunk as Buffer).length;
    if (bytes > options.maxBytes) {
      res.body.destroy();
      throw new DownloadError(`${url} is over the ${options.maxBytes}-byte cap`, false);
    }
    hash.update(chunk as Buffer);
  }
  return { bytes, sha256: hash.digest('hex') };
}
