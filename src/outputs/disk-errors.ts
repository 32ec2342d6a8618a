/** Errors of the local disk and of the network, told apart and put in words that name the file or the URL. */

/** File-system error codes that no retry can fix: permissions, a full disk, a folder in the way, bad names. */
const DISK: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exceeded',
  EISDIR: 'a folder is in the way',
  ENOTDIR: 'a file stands where a folder should be',
  ENAMETOOLONG: 'the name is too long for the file system',
  EEXIST: 'a file is in the way',
  EMFILE: 'too many files are open',
  EFBIG: 'the file is too large for the file system',
  EIO: 'an input/output error of the disk',
};

/** Network error codes that mean the host does not exist (or cannot be trusted): retrying cannot help. */
const NO_HOST = new Set(['ENOTFOUND', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'ERR_TLS_CERT_ALTNAME_INVALID', 'ERR_INVALID_URL']);

/** The code of an error or of its cause (undici wraps socket errors). */
export function errorCode(err: unknown): string | undefined {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string') return e.code;
  }
  return undefined;
}

/** Whether an error is the local disk's (never worth a retry). */
export function isDiskError(err: unknown): boolean {
  const code = errorCode(err);
  return code !== undefined && Object.hasOwn(DISK, code);
}

/** "cannot write out/idle.png: permission denied (EACCES)" for a disk error. */
export function describeDiskError(err: unknown, what: string): string {
  const code = errorCode(err) ?? 'unknown';
  const words = Object.hasOwn(DISK, code) ? DISK[code]! : (err as Error).message;
  const fix =
    code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
      ? '; check that the folder is writable'
      : code === 'ENOSPC' || code === 'EDQUOT'
        ? '; free some space and run again (nothing paid is lost: masko.lock keeps the job)'
        : '';
  return `cannot write ${what}: ${words} (${code})${fix}`;
}

/** Whether a failed request may succeed when tried again (a missing host or a bad certificate will not). */
export function isTransientNetworkError(err: unknown): boolean {
  const code = errorCode(err);
  return code === undefined || !NO_HOST.has(code);
}

/** "host cdn.example was not found (ENOTFOUND)" and the like. */
export function describeNetworkError(err: unknown, url: string): string {
  const code = errorCode(err);
  let host = url;
  try {
    host = new URL(url).host;
  } catch {
    // keep the raw text
  }
  if (code === 'ENOTFOUND') return `download of ${url} failed: the host ${host} was not found (ENOTFOUND); check the URL or your DNS`;
  return `download of ${url} failed: ${(err as Error).message}${code && !(err as Error).message.includes(code) ? ` (${code})` : ''}`;
}
