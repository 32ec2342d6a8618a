/** Reads a manifest file from disk (bytes → text, safely) and runs the pure loader; shared by every command. */
import { readFile } from 'node:fs/promises';
import { loadManifest } from '../manifest/index.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Manifest } from '../model/manifest.js';
import { OperationError } from './errors.js';
import { ExitCode } from './exit-codes.js';
import { DEFAULT_MANIFEST_FILE, displayPath, manifestPathFor } from './find-manifest.js';

export { DEFAULT_MANIFEST_FILE };

/** A manifest file as read: its decoded text (for rendering) and the loader's result. */
export interface ManifestFile {
  /** Absolute path. */
  path: string;
  /** The name to show in messages (relative to the working folder). */
  file: string;
  text: string;
  manifest?: Manifest;
  diagnostics: Diagnostic[];
  /** Set when the file as a whole is unusable (not UTF-8); the diagnostics say where. */
  error?: string;
}

/**
 * Decodes bytes as UTF-8 (a BOM is dropped; CRLF is left to the YAML parser). Invalid bytes give
 * a YAML_SYNTAX diagnostic at the first bad byte instead of silently becoming U+FFFD.
 */
export function decodeManifestBytes(bytes: Uint8Array): { text: string; diagnostics: Diagnostic[] } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), diagnostics: [] };
  } catch {
    const lossy = new TextDecoder('utf-8');
    const text = lossy.decode(bytes);
    const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
    const bad = utf16 ? 0 : firstInvalidUtf8(bytes);
    const start = lossy.decode(bytes.subarray(0, bad)).length;
    const message = utf16
      ? 'the file is encoded as UTF-16; a manifest must be UTF-8'
      : `the file is not valid UTF-8 (byte 0x${(bytes[bad] ?? 0).toString(16).padStart(2, '0')} at offset ${bad})`;
    return { text, diagnostics: [{ code: 'YAML_SYNTAX', severity: 'error', message, start, end: start + 1, hint: 'Save the file as UTF-8.' }] };
  }
}

/**
 * Reads and loads a manifest. Throws CliError (exit 4) when the file does not exist. `bytes`: the
 * file's bytes as already read by the caller (who made a cache key of them), loaded as they are:
 * read again, they could be another version of the file than the one the key describes.
 */
export async function loadManifestFile(filePath: string, displayName = filePath, bytes?: Uint8Array): Promise<ManifestFile> {
  const decoded = decodeManifestBytes(bytes ?? (await readManifestBytes(filePath, displayName)));
  const loaded = loadManifest(decoded.text);
  const diagnostics = [...decoded.diagnostics, ...loaded.diagnostics];
  // A file with bad bytes is never accepted, even if the replacement characters happen to parse.
  const manifest = decoded.diagnostics.length === 0 ? loaded.manifest : undefined;
  const error = decoded.diagnostics.length > 0 ? `${displayName} is not valid UTF-8 text; nothing was done` : undefined;
  return { path: filePath, file: displayName, text: decoded.text, diagnostics, ...(manifest ? { manifest } : {}), ...(error ? { error } : {}) };
}

async function readManifestBytes(filePath: string, displayName: string): Promise<Uint8Array> {
  try {
    return await readFile(filePath);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new OperationError(`${displayName} not found. Run \`masko-sync init\` to create one, or pass -f <file>.`, ExitCode.invalid, { cause: err });
    if (code === 'EISDIR') throw new OperationError(`${displayName} is a folder, not a manifest file.`, ExitCode.invalid, { cause: err });
    throw new OperationError(`cannot read ${displayName}: ${(err as Error).message}`, ExitCode.failure, { cause: err });
  }
}

/** Resolves `-f` against `cwd` (without it, the nearest masko.yaml from cwd up) and loads it. */
export async function loadManifestFrom(cwd: string, fileOption?: string): Promise<ManifestFile> {
  const abs = await manifestPathFor(cwd, fileOption);
  return loadManifestFile(abs, displayPath(cwd, abs));
}

/** Index of the first byte that breaks UTF-8 (overlongs, surrogates and truncation included). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return bytes.length;
}
