/**
 * The one place HTTP dispatchers are made: the API client and the downloads share one, and it goes
 * through HTTP_PROXY / HTTPS_PROXY unless NO_PROXY exempts the host, with undici's EnvHttpProxyAgent
 * rules (lower-case names first; an https URL uses HTTPS_PROXY, else HTTP_PROXY; NO_PROXY is a
 * comma- or space-separated list of hosts, `.suffix` / `*.suffix` domains, `host:port`, or `*`).
 * Loopback is not exempt by default, as with curl: list it in NO_PROXY. The embedded emulator
 * (`--emulator`) lives in this process and is never reached through a proxy.
 */
import { Agent, EnvHttpProxyAgent, type Dispatcher } from 'undici';

/** What undici's ProxyAgent can talk to. */
const PROXY_PROTOCOLS = new Set(['http:', 'https:', 'socks5:', 'socks:']);

/** Connection settings of the dispatcher, plus `direct` to ignore the proxy variables. */
export interface DispatcherOptions {
  keepAliveTimeout?: number;
  connections?: number;
  /** Connect directly whatever the environment says (the in-process emulator). */
  direct?: boolean;
}

/** The proxy settings found in an environment (undefined when none applies). */
export interface ProxySettings {
  httpProxy?: string;
  httpsProxy?: string;
  noProxy: string;
}

/** Reads HTTP_PROXY, HTTPS_PROXY and NO_PROXY (lower-case first, as curl and undici do); undefined without a proxy. */
export function proxySettings(env: Record<string, string | undefined>): ProxySettings | undefined {
  const pick = (name: string): string | undefined => (env[name.toLowerCase()] ?? env[name])?.trim() || undefined;
  const httpProxy = pick('HTTP_PROXY');
  const httpsProxy = pick('HTTPS_PROXY');
  if (!httpProxy && !httpsProxy) return undefined;
  return { ...(httpProxy ? { httpProxy } : {}), ...(httpsProxy ? { httpsProxy } : {}), noProxy: env.no_proxy ?? env.NO_PROXY ?? '' };
}

/**
 * A dispatcher for the API and downloads: a plain keep-alive Agent, or an EnvHttpProxyAgent when the
 * environment names a proxy. The settings are passed explicitly, so only `env` is read, never process.env.
 */
export function createDispatcher(env: Record<string, string | undefined>, opts: DispatcherOptions = {}): Dispatcher {
  const { direct, ...agentOptions } = opts;
  const proxy = direct ? undefined : proxySettings(env);
  if (!proxy) return new Agent(agentOptions);
  for (const uri of [proxy.httpProxy, proxy.httpsProxy]) {
    if (uri !== undefined && !PROXY_PROTOCOLS.has(URL.parse(uri)?.protocol ?? '')) {
      throw new Error(`the proxy "${redactProxy(uri)}" (HTTP_PROXY / HTTPS_PROXY) is not a URL like http://proxy.example.com:8080`);
    }
  }
  return new EnvHttpProxyAgent({ ...agentOptions, ...proxy });
}

/** A proxy URL without its password, for messages (also when it does not parse as a URL). */
export function redactProxy(uri: string): string {
  return uri.replace(/^([a-z][a-z0-9+.-]*:\/\/)?([^:@/]*):[^@/]*@/i, '$1$2:***@');
}
