/** The live gallery's HTTP server on loopback: the page, its script, server-sent events and the project's media. */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { liveHref, type GalleryMessage, type LiveGallery } from './live.js';
import { GALLERY_SCRIPT } from './page-script.js';
import { renderPage, subtitleOf } from './render.js';

/** A running gallery server. */
export interface GalleryServer {
  /** e.g. http://127.0.0.1:41234/ */
  url: string;
  port: number;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif', svg: 'image/svg+xml',
  webm: 'video/webm', mp4: 'video/mp4', m4v: 'video/mp4', mov: 'video/quicktime',
};
const HEARTBEAT_MS = 15_000;

/** Serves `gallery` on 127.0.0.1 (port 0 = a free one). Files are served only when a card shows them. */
export async function startGalleryServer(gallery: LiveGallery, opts: { projectDir: string; port?: number }): Promise<GalleryServer> {
  const streams = new Set<ServerResponse>();
  let port = 0;
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', `gallery error: ${(err as Error).message}\n`);
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Only loopback Host names: a page on another site cannot reach this server through DNS rebinding.
    const host = (req.headers.host ?? '').toLowerCase();
    if (![`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(host)) return send(res, 403, 'text/plain; charset=utf-8', 'forbidden host\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
    const url = new URL(req.url ?? '/', `http://${host}`);
    if (url.pathname === '/' || url.pathname === '/index.html') {
      const cards = gallery.list();
      return send(res, 200, 'text/html; charset=utf-8', renderPage({ title: gallery.title, subtitle: subtitleOf(cards), cards, href: liveHref, script: 'app.js', status: gallery.status }));
    }
    if (url.pathname === '/app.js') return send(res, 200, 'text/javascript; charset=utf-8', GALLERY_SCRIPT);
    if (url.pathname === '/state.json') return send(res, 200, 'application/json', JSON.stringify({ status: gallery.status, cards: gallery.list() }));
    if (url.pathname === '/events') return events(req, res);
    if (url.pathname.startsWith('/files/')) return file(req, res, url.pathname.slice('/files/'.length));
    return send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
  }

  function events(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    const write = (m: GalleryMessage) => res.write(`event: ${m.event}\ndata: ${JSON.stringify(m.data)}\n\n`);
    res.write('retry: 1000\n\n');
    for (const m of gallery.snapshot()) write(m);
    const unsubscribe = gallery.subscribe(write);
    const beat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    streams.add(res);
    req.on('close', () => {
      clearInterval(beat);
      unsubscribe();
      streams.delete(res);
    });
  }

  async function file(req: IncomingMessage, res: ServerResponse, encoded: string): Promise<void> {
    let rel: string;
    try {
      rel = encoded.split('/').map(decodeURIComponent).join('/');
    } catch {
      return send(res, 400, 'text/plain; charset=utf-8', 'bad path\n');
    }
    // The allow-list is the files the cards show (from masko.lock or a preview): nothing else in the project is reachable.
    if (!gallery.allowedFiles().has(rel)) return send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
    const root = await realpath(opts.projectDir);
    const abs = await realpath(path.join(root, ...rel.split('/'))).catch(() => undefined);
    if (!abs || !abs.startsWith(root + path.sep)) return send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
    const info = await stat(abs);
    const type = MIME[path.extname(abs).slice(1).toLowerCase()] ?? 'application/octet-stream';
    const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
    let start = 0;
    let end = info.size - 1;
    if (range && (range[1] || range[2])) {
      start = range[1] ? Number(range[1]) : Math.max(0, info.size - Number(range[2]));
      end = range[1] && range[2] ? Math.min(Number(range[2]), end) : end;
      if (start > end || start >= info.size) {
        res.writeHead(416, { 'content-range': `bytes */${info.size}` });
        return void res.end();
      }
    }
    const partial = Boolean(range && (range[1] || range[2]));
    res.writeHead(partial ? 206 : 200, {
      'content-type': type,
      'content-length': String(end - start + 1),
      'accept-ranges': 'bytes',
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
      ...(partial ? { 'content-range': `bytes ${start}-${end}/${info.size}` } : {}),
    });
    if (req.method === 'HEAD' || info.size === 0) return void res.end();
    createReadStream(abs, { start, end }).on('error', () => res.destroy()).pipe(res);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of streams) s.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'content-length': String(Buffer.byteLength(body)), 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(body);
}
