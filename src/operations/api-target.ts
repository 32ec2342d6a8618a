/** Where the API is and which key to use: the environment, or an in-process emulator (--emulator). */
import path from 'node:path';
import { stateDir, UnsafePathError } from '../outputs/safe-path.js';
import { downloadPolicy, embeddedUsualOrigin, type DownloadPolicy } from '../outputs/url-policy.js';
import { log, type OperationContext } from './context.js';
import { OperationError } from './errors.js';
import { addSecret } from './secrets.js';
import { ExitCode } from './exit-codes.js';

export const DEFAULT_API_URL = 'https://api.masko.ai';
/** Port the embedded emulator tries first, so CDN URLs in the lock stay valid from one run to the next. */
export const EMBEDDED_PORT = 47990;

export interface ApiTarget {
  url: string;
  key: string;
  /** Extra download hosts from MASKO_CDN_HOSTS. */
  cdnHosts: string[];
  /** The in-process emulator (--emulator): it has no rate limit, so none is assumed; reached directly, never through a proxy. */
  embedded?: boolean;
  /** Which URLs may be downloaded in this run, and from where. */
  downloads: DownloadPolicy;
  close(): Promise<void>;
}

/** The embedded emulator's usual port: MASKO_EMULATOR_PORT when set to a port number, else 47990. */
export function embeddedPort(ctx: Pick<OperationContext, 'env'>): number {
  const n = Number(ctx.env.MASKO_EMULATOR_PORT);
  return Number.isInteger(n) && n > 0 && n <= 65535 ? n : EMBEDDED_PORT;
}

/**
 * The download policy before any API target is resolved (to check a lock's URLs up front): the
 * API's origin from MASKO_API_URL, or with `--emulator` the embedded emulator's usual one.
 */
export function downloadPolicyFor(ctx: Pick<OperationContext, 'env'>, emulator: boolean): DownloadPolicy {
  const cdnHosts = cdnHostsFromEnv(ctx);
  if (emulator) return downloadPolicy({ apiUrl: embeddedUsualOrigin(embeddedPort(ctx)), cdnHosts, embeddedOrigin: embeddedUsualOrigin(embeddedPort(ctx)) });
  return downloadPolicy({ apiUrl: apiUrlFromEnv(ctx), cdnHosts });
}

/** The API URL from MASKO_API_URL (no key needed): for downloads of locked URLs. */
export function apiUrlFromEnv(ctx: Pick<OperationContext, 'env'>): string {
  return ctx.env.MASKO_API_URL?.trim() || DEFAULT_API_URL;
}

/** Extra CDN hosts, comma-separated in MASKO_CDN_HOSTS. */
export function cdnHostsFromEnv(ctx: Pick<OperationContext, 'env'>): string[] {
  return (ctx.env.MASKO_CDN_HOSTS ?? '').split(',').map((h) => h.trim()).filter(Boolean);
}

/** Resolves the API target; with `emulator`, starts one in-process with its state in `.masko/emulator`. */
export async function resolveApi(ctx: OperationContext, opts: { emulator: boolean; projectDir: string; keyOptional?: boolean }): Promise<ApiTarget> {
  const cdnHosts = cdnHostsFromEnv(ctx);
  if (opts.emulator) {
    const { startEmulator } = await import('../emulator-entry.js');
    let state: string;
    try {
      state = (await stateDir(opts.projectDir, { create: true }))!;
    } catch (err) {
      if (err instanceof UnsafePathError) throw new OperationError(err.message, ExitCode.failure, { cause: err });
      throw err;
    }
    // Only the media notices (a renderer not installed, so fallback media) are worth a user's attention
    // here, each once: a start that finds the usual port taken has already given them before it fails.
    const said = new Set<string>();
    const emulatorLog = (line: string) => {
      if (!line.startsWith('media:')) return log(ctx, 'detail', `emulator: ${line}`);
      if (said.has(line)) return;
      said.add(line);
      log(ctx, 'info', `emulator ${line}`);
    };
    const options = { host: '127.0.0.1', dataDir: path.join(state, 'emulator'), log: emulatorLog };
    let moved: string | undefined;
    const usual = embeddedPort(ctx);
    const emu = await startEmulator({ ...options, port: usual }).catch(async (err: unknown) => {
      moved = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      return startEmulator({ ...options, port: 0 });
    });
    addSecret(emu.key);
    log(ctx, 'info', `Using the embedded Masko emulator at ${emu.url} (state in .masko/emulator)`);
    if (moved) {
      log(
        ctx,
        'info',
        `note: port ${usual} is not available (${moved}), so the embedded emulator listens on port ${emu.port} for this run. ` +
          `Files locked at any loopback port are fetched from ${emu.port}; nothing in masko.lock needs editing.`,
      );
    }
    const downloads = downloadPolicy({ apiUrl: emu.url, cdnHosts, embeddedOrigin: emu.url });
    return { url: emu.url, key: emu.key, cdnHosts, embedded: true, downloads, close: () => emu.close() };
  }
  const key = ctx.env.MASKO_API_KEY?.trim() ?? '';
  // A run that only restores, moves or derives files locally makes no API request: no key needed.
  if (!key && !opts.keyOptional) {
    throw new OperationError(
      'MASKO_API_KEY is not set. Export your Masko API key (masko_…), or try the tool offline with --emulator.',
      ExitCode.failure,
    );
  }
  const url = apiUrlFromEnv(ctx);
  try {
    new URL(url);
  } catch {
    throw new OperationError(`MASKO_API_URL "${url}" is not a URL`, ExitCode.invalid);
  }
  return { url, key, cdnHosts, downloads: downloadPolicy({ apiUrl: url, cdnHosts }), close: async () => undefined };
}
