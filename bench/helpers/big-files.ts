/**
 * A tiny CDN for the download bench: node:http on 127.0.0.1 serving deterministic files generated
 * chunk by chunk as they are sent, so neither the server nor the bench ever holds a whole file.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';

const CHUNK = 64 * 1024;

/** One served file: its URL path, size and SHA-256 (computed by streaming the same generator). */
export interface BigFile {
  name: string;
  bytes: number;
  sha256: string;
}

/**
 * Chunks of file `index`: a pseudo-random 64 KiB block seeded by the index, with the chunk number
 * written into its first bytes so that no two chunks are equal. Every chunk is a fresh Buffer.
 */
export function* chunksOf(index: number, bytes: number): Generator<Buffer> {
  const base = Buffer.alloc(CHUNK);
  let x = (index + 1) * 0x9e3779b1;
  for (let i = 0; i < CHUNK; i += 4) {
    // xorshift32: cheap, deterministic filler
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    base.writeUInt32LE(x >>> 0, i);
  }
  for (let offset = 0, n = 0; offset < bytes; offset += CHUNK, n++) {
    const chunk = Buffer.from(base.subarray(0, Math.min(CHUNK, bytes - offset)));
    chunk.writeUInt32LE(n, 0);
    chunk.writeUInt32LE(index, 4);
    yield chunk;
  }
}

/** Describes `count` files of `bytes` each, hashing them by streaming the generator. */
export function describeFiles(count: number, bytes: number): BigFile[] {
  return Array.from({ length: count }, (_, i) => {
    const hash = createHash('sha256');
    for (const chunk of chunksOf(i, bytes)) hash.update(chunk);
    return { name: `file-${String(i).padStart(2, '0')}.png`, bytes, sha256: hash.digest('hex') };
  });
}

/** A running file server; `url(file)` is the download URL of a file. */
export interface FileServer {
  origin: string;
  url(file: BigFile): string;
  /** GET requests answered. */
  requests(): number;
  close(): Promise<void>;
}

/** Serves `files` under /cdn/<name> with Content-Length and a sha256 ETag, streamed with backpressure. */
export async function serveFiles(files: BigFile[]): Promise<FileServer> {
  const byName = new Map(files.map((f, i) => [f.name, { file: f, index: i }]));
  let requests = 0;
  const server: Server = createServer((req, res) => {
    requests++;
    const hit = byName.get((req.url ?? '').replace(/^\/cdn\//, ''));
    if (req.method !== 'GET' || !hit) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': String(hit.file.bytes), ETag: `"${hit.file.sha256}"` });
    Readable.from(chunksOf(hit.index, hit.file.bytes), { objectMode: false }).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (f) => `${origin}/cdn/${f.name}`,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
