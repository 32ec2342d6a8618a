/**
 * A forward HTTP proxy on 127.0.0.1, as a company network has one: CONNECT tunnels (what undici's
 * ProxyAgent uses, for http and https targets alike) and absolute-form requests. It records each
 * tunnel's target and the request lines it carries (readable: the emulator speaks plain http).
 */
import { createServer, request as httpRequest } from 'node:http';
import net, { type AddressInfo } from 'node:net';

export interface ForwardProxy {
  url: string;
  /** `host:port` of every CONNECT, in order. */
  tunnels: string[];
  /** `METHOD /path` of every request seen, tunnelled or not. */
  requests: string[];
  /** Proxy-Authorization headers received (to check credentials are sent, and only to the proxy). */
  authorizations: string[];
  close(): Promise<void>;
}

const REQUEST_LINE = /(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) (\/\S*) HTTP\/1\.[01]\r\n/;

/** Starts the proxy on a free port of 127.0.0.1. */
export async function startForwardProxy(): Promise<ForwardProxy> {
  const tunnels: string[] = [];
  const requests: string[] = [];
  const authorizations: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = createServer((req, res) => {
    // Absolute-form: GET http://host:port/path HTTP/1.1
    if (req.headers['proxy-authorization']) authorizations.push(req.headers['proxy-authorization']);
    const target = new URL(req.url ?? '/');
    requests.push(`${req.method} ${target.pathname}`);
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const upstream = httpRequest({ host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connect', (req, client: net.Socket, head: Buffer) => {
    if (req.headers['proxy-authorization']) authorizations.push(req.headers['proxy-authorization']);
    const target = req.url ?? '';
    tunnels.push(target);
    const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))];
    const upstream = net.connect(port, host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      // The client's side of the tunnel, scanned for request lines (a request line can follow a
      // JSON body directly, so they are not anchored at line starts; the bodies here never look like one).
      let sent = '';
      let scanned = 0;
      const line = new RegExp(REQUEST_LINE.source, 'g');
      client.on('data', (chunk: Buffer) => {
        sent += chunk.toString('latin1');
        line.lastIndex = scanned;
        for (let m = line.exec(sent); m; m = line.exec(sent)) {
          requests.push(`${m[1]} ${m[2]!.split('?')[0]}`);
          scanned = line.lastIndex;
        }
        upstream.write(chunk);
      });
      upstream.pipe(client);
    });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tunnels,
    requests,
    authorizations,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
