/** A forwarding HTTP proxy that can swallow one answer: the request reaches the API, the client never hears back. */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HoldingProxy {
  url: string;
  /** Resolves once a held request was answered upstream (so the API did the work) and the answer swallowed. */
  held: Promise<{ method: string; path: string; status: number }>;
  close(): Promise<void>;
}

/** Forwards everything to `target`; the first request matching `hold` (given the upstream's status too) is sent upstream but never answered. */
export async function startHoldingProxy(target: string, hold: (method: string, path: string, status: number) => boolean): Promise<HoldingProxy> {
  let holding = false;
  let resolveHeld: (v: { method: string; path: string; status: number }) => void = () => undefined;
  const held = new Promise<{ method: string; path: string; status: number }>((r) => (resolveHeld = r));
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'connection' && k !== 'content-length') headers[k] = v;
      const upstream = await fetch(target + req.url, { method: req.method, headers, body: body.length ? body : undefined });
      const bytes = Buffer.from(await upstream.arrayBuffer());
      if (!holding && hold(req.method ?? 'GET', req.url ?? '/', upstream.status)) {
        holding = true;
        resolveHeld({ method: req.method ?? 'GET', path: req.url ?? '/', status: upstream.status });
        return; // never answered
      }
      const out: Record<string, string> = {};
      upstream.headers.forEach((v, k) => {
        if (k !== 'content-length' && k !== 'transfer-encoding' && k !== 'connection' && k !== 'content-encoding') out[k] = v;
      });
      res.writeHead(upstream.status, out).end(bytes);
    })().catch(() => res.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    held,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
