/** Streams a CDN file to `<dest>.part`, verifies length and hash, then renames it into place. */
import { createHash } from 'node:crypto';
import { open, rename, type FileHandle } from 'node:fs/promises';
import { removeIfPresent } from '../lockfile/atomic-write.js';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { request, type Dispatcher } from 'undici';
import { ASSET_STATUS_HEADER } from '../api/wire.js';
import type { MediaInfo } from './media-types.js';
import { probeOpenFile } from './probe-media.js';
import { describeDiskError, describeNetworkError, isDiskError, isTransientNetworkError } from './disk-errors.js';

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
  /** How messages name the destination (project-relative); default: `dest`. */
  label?: string;
  /**
   * Called with the verified content's hash just before the file is renamed into place; throwing
   * refuses the replacement (the `.part` is removed). Used to never replace a file masko-sync does not own.
   */
  beforeReplace?: (sha256: string) => Promise<void>;
  /**
   * Opens the `.part` for writing and reading (injectable: tests hand in a device that fails, such as
   * /dev/full). It must create exclusively ('wx+'): a leftover or a planted link is removed only on EEXIST.
   */
  openPart?: (part: string) => Promise<FileHandle>;
  /** Refuse bodies larger than this. */
  maxBytes: number;
  /** When known (from the lock), the file must hash to this. */
  expectedSha256?: string;
  /** Content this says is a CDN placeholder is not ready yet: never put in place. */
  isPlaceholder?: (sha256: string) => boolean;
  dispatcher?: Dispatcher;
  signal?: AbortSignal;
  /** The file's MIME type: its media info (pixel size, duration) is read from its headers before the `.part` is closed. */
  probeAs?: string;
}

export interface Downloaded {
  bytes: number;
  sha256: string;
  /** With `probeAs`: what the headers of the verified file say. */
  media?: MediaInfo;
}

/** Downloads one URL; the destination is only ever replaced by a complete, verified file. */
export async function downloadFile(url: string, options: DownloadOptions): Promise<Downloaded> {
  const part = `${options.dest}.part`;
  const label = options.label ?? options.dest;
  // The `.part` is opened first, so a disk that cannot take the file says so at once, naming it,
  // instead of surfacing mid-stream as a cut-off download. A leftover `.part` (or one planted as a
  // symlink) is removed (openPart); 'wx' never writes through a link.
  let sink: FileHandle;
  try {
    sink = await openPart(part, options.openPart ?? ((p: string) => open(p, 'wx+')));
  } catch (err) {
    throw new DownloadError(describeDiskError(err, label), false, { cause: err });
  }
  try {
    return await fetchInto(url, sink, part, label, options);
  } catch (err) {
    await sink.close().catch(() => undefined);
    await removeIfPresent(part).catch(() => undefined);
    throw err;
  }
}

async function fetchInto(url: string, sink: FileHandle, part: string, label: string, options: DownloadOptions): Promise<Downloaded> {
  let res;
  try {
    res = await request(url, { method: 'GET', dispatcher: options.dispatcher, signal: options.signal, headersTimeout: 60_000, bodyTimeout: 60_000 });
  } catch (err) {
    throw new DownloadError(describeNetworkError(err, url), !options.signal?.aborted && isTransientNetworkError(err), { cause: err });
  }
  if (res.statusCode !== 200) {
    await res.body.dump();
    // 404/410: the file is not there and waiting will not bring it; 408, 429 and 5xx may pass.
    const transient = res.statusCode === 408 || res.statusCode === 429 || res.statusCode >= 500;
    const gone = res.statusCode === 404 || res.statusCode === 410 ? ' (not found: the URL in masko.lock no longer serves a file)' : '';
    throw new DownloadError(`download of ${url} answered HTTP ${res.statusCode}${gone}`, transient);
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
    // No fsync per file: a file cut short by a power loss fails its hash check on the next plan and is restored for free.
    await pipeline(res.body, meter, positionalWriter(sink));
  } catch (err) {
    if (err instanceof DownloadError) throw err;
    if (isDiskError(err)) throw new DownloadError(describeDiskError(err, label), false, { cause: err });
    throw new DownloadError(`download of ${url} was cut off after ${bytes} bytes`, !options.signal?.aborted, { cause: err });
  }
  const sha256 = hash.digest('hex');
  const problem = verify(url, bytes, sha256, declaredBytes, etagHash(header(res.headers.etag)), options.expectedSha256);
  if (problem) throw problem;
  if (options.isPlaceholder?.(sha256)) throw new DownloadError(`${url} still serves its placeholder`, true);
  // Read through the handle that wrote it: no second open, stat and close of each file for the index.
  const media = options.probeAs !== undefined ? await probeOpenFile(sink, bytes, options.probeAs) : undefined;
  try {
    await sink.close();
  } catch (err) {
    throw new DownloadError(describeDiskError(err, label), false, { cause: err });
  }
  await options.beforeReplace?.(sha256);
  try {
    await rename(part, options.dest);
  } catch (err) {
    throw new DownloadError(describeDiskError(err, label), false, { cause: err });
  }
  return { bytes, sha256, ...(media ? { media } : {}) };
}

/**
 * A stream into an open handle that leaves it open (the media probe reads through it next). Not
 * the handle's own createWriteStream: with autoClose off, that stream keeps a reference that makes
 * the handle's close() wait forever.
 */
function positionalWriter(fh: FileHandle): Writable {
  let at = 0;
  const writeAll = async (data: Buffer) => {
    for (let done = 0; done < data.length; ) {
      const { bytesWritten } = await fh.write(data, done, data.length - done, at);
      done += bytesWritten;
      at += bytesWritten;
    }
  };
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      writeAll(chunk).then(() => done(), done);
    },
  });
}

/**
 * Opens the `.part` with 'wx' (never through a planted symlink). Only when one is in the way (a
 * leftover of a killed run, or a link) is it removed and the open tried once more: removing first
 * would cost an unlink and an ENOENT error for every file.
 */
async function openPart(part: string, openIt: (p: string) => Promise<FileHandle>): Promise<FileHandle> {
  try {
    return await openIt(part);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  await removeIfPresent(part);
  return openIt(part);
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
