/**
 * Which URLs the tool will download from. A URL in masko.lock is untrusted input: it is fetched
 * only from the Masko CDN (https on its hosts) or the API's exact origin (scheme, host and port),
 * never from another port of the same machine. With `--emulator`, the embedded emulator's CDN URLs
 * (loopback, `/cdn/`) are fetched from wherever it listens in this run, whatever port they name.
 */

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** The CDN host of the real service. */
export const DEFAULT_CDN_HOSTS = ['assets.masko.ai'];

/** What a download adapter asks before fetching a URL. */
export interface DownloadPolicy {
  /** Why the URL must not be downloaded, or undefined when it may be. */
  refuse(raw: string): string | undefined;
  /** The URL to request for an allowed one (the embedded emulator's files are fetched where it listens now). */
  target(raw: string): string;
  /** Set for the in-process emulator's runs (reached directly, never through a proxy). */
  embedded?: boolean;
}

export interface DownloadPolicyOptions {
  /** The API's base URL: downloads from its exact origin are allowed. */
  apiUrl: string;
  /** Extra CDN hosts (MASKO_CDN_HOSTS): `host` (https, default port) or `host:port`. */
  cdnHosts?: string[];
  /** Set for `--emulator` runs: the origin the embedded emulator listens on in this run. */
  embeddedOrigin?: string;
}

/** The policy for one run. */
export function downloadPolicy(o: DownloadPolicyOptions): DownloadPolicy {
  const cdn = new Set([...DEFAULT_CDN_HOSTS, ...(o.cdnHosts ?? []).map((h) => h.trim().toLowerCase()).filter(Boolean)]);
  const apiOrigin = originOf(o.apiUrl);
  const embedded = o.embeddedOrigin === undefined ? undefined : originOf(o.embeddedOrigin);
  const isEmbedded = (url: URL) => embedded !== undefined && (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK.has(url.hostname.toLowerCase()) && url.pathname.startsWith('/cdn/');
  const allowed = () => [...[...cdn].sort().map((h) => `https://${h}`), ...(apiOrigin ? [apiOrigin] : [])].join(', ');
  return {
    ...(embedded !== undefined ? { embedded: true } : {}),
    refuse(raw) {
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        return `"${raw}" is not a URL`;
      }
      if (url.username || url.password) return `${url.origin} carries credentials in the URL`;
      if (url.protocol !== 'https:' && url.protocol !== 'http:') return `${raw} has the scheme ${url.protocol}; only https is downloaded`;
      if (isEmbedded(url)) return undefined;
      if (url.origin === apiOrigin && (url.protocol === 'https:' || LOOPBACK.has(url.hostname.toLowerCase()))) return undefined;
      if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname.toLowerCase())) return `${raw} is plain http; only https is downloaded`;
      const host = url.hostname.toLowerCase();
      if (url.protocol === 'https:' && (cdn.has(url.host.toLowerCase()) || (url.port === '' && cdn.has(host)))) return undefined;
      return `${raw} is not on the Masko CDN or the API's own origin (allowed: ${allowed()}; add CDN hosts with MASKO_CDN_HOSTS)`;
    },
    target(raw) {
      const url = new URL(raw);
      if (!embedded || !isEmbedded(url)) return raw;
      return embedded + url.pathname + url.search;
    },
  };
}

/** The embedded emulator's usual origin: URLs it wrote into a lock name it. */
export function embeddedUsualOrigin(port: number): string {
  return `http://127.0.0.1:${port}`;
}

function originOf(raw: string): string | undefined {
  try {
    return new URL(raw).origin;
  } catch {
    // an unparsable API URL is reported where it is used
    return undefined;
  }
}
