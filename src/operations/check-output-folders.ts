/**
 * The output folders on the local disk, checked where the CLI loads the project, before anything is
 * spent: a folder (or one of its parents) that is an existing file, or a symlink leading out of the
 * project, would only fail after paying. Reported as positioned diagnostics of the manifest.
 */
import { describePath } from '../manifest/json-path.js';
import { constants } from 'node:fs';
import { access, lstat, realpath } from 'node:fs/promises';
import path from 'node:path';
import { outputFolders } from '../manifest/output-spans.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Manifest } from '../model/manifest.js';
import { isInside } from '../outputs/safe-path.js';
import { sizeDiagnostics } from '../outputs/size-limits.js';

/**
 * Diagnostics for the output folders of `manifest` as they stand in `projectDir`. A handful of
 * lstat calls; the manifest text is read and parsed (for positions) only when one has a problem.
 */
export async function outputFolderDiagnostics(projectDir: string, manifest: Manifest, text: () => Promise<string>): Promise<Diagnostic[]> {
  const root = await realpath(projectDir);
  const found: Array<{ field: string[]; problem: Pick<Diagnostic, 'code' | 'message' | 'hint'> }> = [];
  for (const folder of outputFolders(manifest)) {
    const problem = await folderProblem(root, folder.dir);
    if (problem) found.push({ field: folder.field, problem });
  }
  // Sizes wider than the synced files they resize (known from masko-assets.json): refused too, before anything is spent.
  const sizes = await sizeDiagnostics(projectDir, manifest, text);
  if (found.length === 0) return sizes;
  // The YAML parser is loaded only now: an unchanged manifest comes from the cache without it.
  const { fieldSpans } = await import('../manifest/field-spans.js');
  const span = fieldSpans(await text());
  return [
    ...found.map(({ field, problem }) => {
      const at = span(field);
      return { ...problem, severity: 'error' as const, message: `${describePath(field)}: ${problem.message}`, start: at.start, end: Math.max(at.end, at.start + 1) };
    }),
    ...sizes,
  ];
}

/** The first problem on the way from the project folder down to `dir`, or undefined. */
async function folderProblem(root: string, dir: string): Promise<Pick<Diagnostic, 'code' | 'message' | 'hint'> | undefined> {
  if (dir === '.') return undefined;
  let current = root;
  const segments = dir.split('/');
  for (const [i, segment] of segments.entries()) {
    const shown = segments.slice(0, i + 1).join('/');
    const next = path.join(current, segment);
    const st = await lstat(next).catch(() => undefined);
    if (!st) return undefined; // created on first write
    if (st.isSymbolicLink()) {
      const real = await realpath(next).catch(() => undefined);
      if (real === undefined) return { code: 'OUTPUT_PATH_NOT_FOLDER', message: `${shown} is a symlink that leads nowhere`, hint: `Remove the link ${shown}, or point it at a folder inside the project.` };
      if (!isInside(root, real)) {
        return { code: 'OUTPUT_PATH_ESCAPES', message: `${shown} is a symlink to ${real}, outside the project folder`, hint: `masko-sync writes only inside the project: replace the link ${shown} with a real folder.` };
      }
      const target = await lstat(real).catch(() => undefined);
      if (!target?.isDirectory()) return { code: 'OUTPUT_PATH_NOT_FOLDER', message: `${shown} is a symlink to a file, not a folder`, hint: `Pick another output folder, or move ${shown} away.` };
      current = real;
      continue;
    }
    if (!st.isDirectory()) {
      return { code: 'OUTPUT_PATH_NOT_FOLDER', message: `${shown} is an existing file, not a folder`, hint: `Pick another output folder, or move ${shown} away.` };
    }
    current = next;
  }
  return undefined;
}

/**
 * Existing output folders this user cannot write into (a read-only checkout, another owner): found
 * with one access() per folder, so a sync that would pay and then fail to save its files stops first.
 */
export async function unwritableFolders(projectDir: string, manifest: Manifest): Promise<Array<{ dir: string; code: string }>> {
  const out: Array<{ dir: string; code: string }> = [];
  for (const folder of outputFolders(manifest)) {
    // The deepest part of the folder that exists is where the next file or folder gets created.
    let dir = folder.dir;
    for (;;) {
      const abs = path.join(projectDir, ...(dir === '.' ? [] : dir.split('/')));
      const st = await lstat(abs).catch(() => undefined);
      if (st) {
        const err = await access(abs, constants.W_OK).then(() => undefined, (e: NodeJS.ErrnoException) => e);
        if (err) out.push({ dir: dir === '.' ? './' : `${dir}/`, code: err.code ?? 'EACCES' });
        break;
      }
      if (dir === '.') break;
      const slash = dir.lastIndexOf('/');
      dir = slash < 0 ? '.' : dir.slice(0, slash);
    }
  }
  return out;
}
