/** Where the API is and which key to use: the environment, or an in-process emulator (--emulator). */
import path from 'node:path';
import { CliError, type CliContext } from './context.js';
import { ExitCode } from './exit-codes.js';
import { detail, info } from './output.js';

export const DEFAULT_API_URL = 'https://api.masko.ai';
/** Port the embedded emulator tries first, so CDN URLs in the lock stay valid from one run to the next. */
const EMBEDDED_PORT = 47990;

export interface ApiTarget {
  url: string;
  key: string;
  /** Extra download hosts from MASKO_CDN_HOSTS. */
  cdnHosts: string[];
  /** The in-process emulator (--emulator): it has no rate limit, so none is assumed; reached directly, never through a proxy. */
  embedded?: boolean;
  close(): Promise<void>;
}

/** The API URL from MASKO_API_URL (no key needed): for downloads of locked URLs. */
export function apiUrlFromEnv(ctx: CliContext): string {
  return ctx.env.MASKO_API_URL?.trim() || DEFAULT_API_URL;
}

/** Extra CDN hosts, comma-separated in MASKO_CDN_HOSTS. */
export function cdnHostsFromEnv(ctx: CliContext): string[] {
  return (ctx.env.MASKO_CDN_HOSTS ?? '').split(',').map((h) => h.trim()).filter(Boolean);
}

/** Resolves the API target; with `emulator`, starts one in-process with its state in `.masko/emulator`. */
export async function resolveApi(ctx: CliContext, opts: { emulator: boolean; projectDir: string }): Promise<ApiTarget> {
  const cdnHosts = cdnHostsFromEnv(ctx);
  if (opts.emulator) {
    const { startEmulator } = await import('../emulator-entry.js');
    // Only the media notices (a renderer not installed, so fallback media) are worth a user's attention here.
    const log = (line: string) => (line.startsWith('media:') ? info(ctx, `emulator ${line}`) : detail(ctx, `emulator: ${line}`));
    const options = { host: '127.0.0.1', dataDir: path.join(opts.projectDir, '.masko', 'emulator'), log };
    const emu = await startEmulator({ ...options, port: EMBEDDED_PORT }).catch(() => startEmulator({ ...options, port: 0 }));
    info(ctx, `Using the embedded Masko emulator at ${emu.url} (state in .masko/emulator)`);
    return { url: emu.url, key: emu.key, cdnHosts, embedded: true, close: () => emu.close() };
  }
  const key = ctx.env.MASKO_API_KEY?.trim();
  if (!key) {
    throw new CliError(
      'MASKO_API_KEY is not set. Export your Masko API key (masko_…), or try the tool offline with --emulator.',
      ExitCode.failure,
    );
  }
  const url = apiUrlFromEnv(ctx);
  try {
    new URL(url);
  } catch {
    throw new CliError(`MASKO_API_URL "${url}" is not a URL`, ExitCode.invalid);
  }
  return { url, key, cdnHosts, close: async () => undefined };
}
