/**
 * The files a manifest uploads (`source:`/`end:` files, collection references), checked where the
 * CLI loads the project, before any request: each must be a regular file inside the project, a PNG,
 * JPEG or WebP by its bytes, and at most 10 MB. Reported as positioned diagnostics of the manifest.
 */
import { describePath } from '../manifest/json-path.js';
import { lstat, realpath } from 'node:fs/promises';
import { describeBytes, UPLOAD_LIMIT_BYTES, uploadTypeOf } from '../api/upload-check.js';
import { openRegular, readRegular } from '../lockfile/read-regular.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Manifest } from '../model/manifest.js';
import { resolveInside, UnsafePathError } from '../outputs/safe-path.js';

type Problem = Pick<Diagnostic, 'code' | 'message' | 'hint'>;

/** Every file source and the manifest field that names it. */
function fileFields(manifest: Manifest): Array<{ path: string; field: string[] }> {
  const out: Array<{ path: string; field: string[] }> = [];
  if (manifest.collection.kind === 'define') {
    manifest.collection.references?.forEach((r, i) => r.kind === 'file' && out.push({ path: r.path, field: ['collection', 'references', String(i)] }));
  }
  for (const asset of Object.values(manifest.assets)) {
    if ((asset.kind === 'animate' || asset.kind === 'edit' || asset.kind === 'transition') && asset.source.kind === 'file') out.push({ path: asset.source.path, field: ['assets', asset.id, 'source'] });
    if (asset.kind === 'transition' && asset.end.kind === 'file') out.push({ path: asset.end.path, field: ['assets', asset.id, 'end'] });
  }
  return out;
}

/** Diagnostics for the manifest's source files as they stand in `projectDir` (the text is parsed only when one has a problem). */
export async function sourceFileDiagnostics(projectDir: string, manifest: Manifest, text: () => Promise<string>): Promise<Diagnostic[]> {
  return namedFileDiagnostics(projectDir, fileFields(manifest), text);
}

/** The same for files named by the fields given (see manifest/raw-file-sources.ts for a manifest with other errors). */
export async function namedFileDiagnostics(projectDir: string, files: ReadonlyArray<{ path: string; field: string[] }>, text: () => Promise<string>): Promise<Diagnostic[]> {
  const found: Array<{ field: string[]; problem: Problem }> = [];
  const seen = new Map<string, Problem | undefined>();
  for (const { path, field } of files) {
    if (!seen.has(path)) seen.set(path, await fileProblem(projectDir, path));
    const problem = seen.get(path);
    if (problem) found.push({ field, problem });
  }
  if (found.length === 0) return [];
  const { fieldSpans } = await import('../manifest/field-spans.js');
  const span = fieldSpans(await text());
  return found.map(({ field, problem }) => {
    const at = span(field);
    return { ...problem, severity: 'error' as const, message: `${describePath(field)}: ${problem.message}`, start: at.start, end: Math.max(at.end, at.start + 1) };
  });
}

/** What is wrong with one source file, or undefined. */
export async function fileProblem(projectDir: string, rel: string): Promise<Problem | undefined> {
  let abs: string;
  try {
    abs = await resolveInside(await realpath(projectDir), rel, { create: false });
  } catch (err) {
    if (err instanceof UnsafePathError) return { code: 'SOURCE_FILE_INVALID', message: `${rel} lies outside the project folder (through a symlinked folder)`, hint: 'Copy the image into the project.' };
    throw err;
  }
  const st = await lstat(abs).catch(() => undefined);
  if (!st) return { code: 'SOURCE_FILE_MISSING', message: `${rel} does not exist`, hint: 'Check the path: it is relative to the folder of masko.yaml.' };
  if (st.isSymbolicLink()) return { code: 'SOURCE_FILE_MISSING', message: `${rel} is a symlink; masko-sync uploads only regular files`, hint: 'Replace the link with the file itself.' };
  if (!st.isFile()) return { code: 'SOURCE_FILE_MISSING', message: `${rel} is not a file`, hint: 'Name an image file.' };
  if (st.size > UPLOAD_LIMIT_BYTES) return { code: 'SOURCE_FILE_TOO_LARGE', message: `${rel} is ${(st.size / 1024 / 1024).toFixed(1)} MB; Masko's upload takes at most 10 MB`, hint: 'Export it smaller (a 2048 px PNG is plenty).' };
  const head = await readHead(abs);
  if (!uploadTypeOf(head)) return { code: 'SOURCE_FILE_NOT_IMAGE', message: `${rel} is ${describeBytes(head)}, not a PNG, JPEG or WebP image (whatever its name says)`, hint: 'Convert it to PNG.' };
  return undefined;
}

async function readHead(abs: string): Promise<Uint8Array> {
  const handle = await openRegular(abs);
  try {
    const buf = Buffer.alloc(16);
    const { bytesRead } = await handle.read(buf, 0, 16, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** The bytes of a source file: a regular file inside the project (never through a symlink out of it). */
export async function readSourceFile(projectDir: string, rel: string): Promise<Uint8Array> {
  return readRegular(await resolveInside(await realpath(projectDir), rel, { create: false }));
}
