/** Which URLs the tool will download from: https on known hosts (plain http only on loopback). */

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** The CDN host of the real service. */
export const DEFAULT_CDN_HOSTS = ['assets.masko.ai'];

/** Hosts allowed for downloads: the CDN, the API's own host, and any extra hosts configured. */
export function allowedHosts(apiUrl: string, extra: string[] = []): Set<string> {
  const hosts = new Set([...DEFAULT_CDN_HOSTS, ...extra.map((h) => h.trim().toLowerCase()).filter(Boolean)]);
  try {
    hosts.add(new URL(apiUrl).hostname.toLowerCase());
  } catch {
    // an unparsable API URL is reported where it is used
  }
  return hosts;
}

/** Returns why a URL must not be downloaded, or undefined when it may be. */
export function refuseUrl(raw: string, hosts: Set<string>): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `"${raw}" is not a URL`;
  }
  const host = url.hostname.toLowerCase();
  if (url.username || url.password) return `${url.origin} carries credentials in the URL`;
  if (url.protocol === 'http:' && !LOOPBACK.has(host)) return `${raw} is plain http; only https is downloaded`;
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `${raw} has the scheme ${url.protocol}; only https is downloaded`;
  if (!hosts.has(host)) {
    return `${raw} is on host ${host}, which is not the Masko CDN (allowed: ${[...hosts].sort().join(', ')}; add hosts with MASKO_CDN_HOSTS)`;
  }
  return undefined;
}
