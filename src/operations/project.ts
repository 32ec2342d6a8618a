/** Loads what every command starts from: the manifest (with its diagnostics), the lock and the local files. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { stateDir } from '../outputs/safe-path.js';
import { buildGraph } from '../graph/index.js';
import { LockfileError, parseLock, parseLockCheckedBefore, readLocalFiles } from '../lockfile/index.js';
import type { Lockfile } from '../model/lock.js';
import type { AssetGraph, Manifest } from '../model/manifest.js';
import type { LocalFiles } from '../model/plan.js';
import { pathsToCheck, sourceFiles } from '../plan/index.js';
import type { OperationContext } from './context.js';
import { InvalidManifestError, OperationError } from './errors.js';
import { ExitCode } from './exit-codes.js';
import { displayPath, manifestPathFor } from './find-manifest.js';
import { identityKey, readKeyed, readWithIdentity, writeKeyed, type FileIdentity } from './file-identity.js';
import { plural } from './words.js';
import { outputFolderDiagnostics } from './check-output-folders.js';
import type { RunLock } from './run-lock.js';

export interface Project {
  /** Absolute manifest path and its folder (the project folder). */
  manifestPath: string;
  dir: string;
  /** The manifest relative to the working folder, for messages. */
  displayName: string;
  manifest: Manifest;
  graph: AssetGraph;
  lockPath: string;
  lock: Lockfile | undefined;
  /** The lock's text as read (for positioned errors of checks made after parsing). */
  lockText?: string;
  /** The lock's name as shown in messages (relative to where the user is). */
  lockName: string;
  /** The run lock, when loadProject was asked to take it (before masko.lock was read). */
  runLock?: RunLock;
}

/** Options of loadProject. */
export interface LoadProjectOptions {
  /**
   * Take `.masko/run.lock` for this command before masko.lock is read, so the lock read is the one
   * no other run is changing. Released again if loading fails; the caller releases it otherwise.
   */
  runLock?: string;
}

/**
 * Reads and validates the manifest (an InvalidManifestError with every diagnostic, exit 4) and reads
 * the lock (exit 1 with its position). `file` is -f as given; without it the manifest is searched
 * from the working folder up.
 */
export async function loadProject(ctx: Pick<OperationContext, 'cwd'>, file: string | undefined, opts: LoadProjectOptions = {}): Promise<Project> {
  // Without -f, the nearest masko.yaml from the working folder up (see find-manifest.ts).
  const manifestPath = await manifestPathFor(ctx.cwd, file);
  const displayName = displayPath(ctx.cwd, manifestPath);
  const dir = path.dirname(manifestPath);
  const manifest = await loadValidManifest(manifestPath, displayName, await stateFile(dir, 'manifest-cache.json'));
  await refuseUnusableFolders(dir, manifest, manifestPath, displayName);
  const lockPath = path.join(dir, 'masko.lock');
  // Messages name the lock relative to where the user is, never by its absolute path.
  const lockName = path.relative(ctx.cwd, lockPath) || 'masko.lock';
  let lock: Lockfile | undefined;
  let lockText: string | undefined;
  // Loaded only by the commands that take it (plan and explain start without it).
  const runLock = opts.runLock === undefined ? undefined : await (await import('./run-lock.js')).acquireRunLock(dir, opts.runLock);
  try {
    // Never read through a symlink: a crafted one could point anywhere on the machine.
    const read = await readWithIdentity(lockPath).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      if (err.code === 'ELOOP' || err.code === 'EINVAL' || err.code === 'EISDIR') {
        throw new OperationError(`${lockName} is not a regular file (a symlink or a folder); masko-sync reads and writes only a plain masko.lock next to the manifest. Replace it with the real file.`, ExitCode.failure, { cause: err });
      }
      throw err;
    });
    if (read) {
      lockText = read.bytes.toString('utf8');
      lock = await parseLockOnce(lockText, lockName, read, await stateFile(dir, 'lock-check.json'));
    }
  } catch (err) {
    await runLock?.release();
    if (err instanceof LockfileError) throw new OperationError(err.message, ExitCode.failure, { cause: err });
    throw err;
  }
  return { manifestPath, dir, displayName, manifest, graph: buildGraph(manifest), lockPath, lock, lockName, ...(lockText !== undefined ? { lockText } : {}), ...(runLock ? { runLock } : {}) };
}

/** The lock of this text: checked in full, unless the same bytes of the same file passed the checks before (`.masko/lock-check.json`). */
async function parseLockOnce(text: string, lockName: string, read: { bytes: Buffer; identity: FileIdentity }, cacheFile: string | undefined): Promise<Lockfile> {
  if (!cacheFile) return parseLock(text, lockName);
  const key = await identityKey(read.bytes, read.identity);
  if (await readKeyed(cacheFile, key)) return parseLockCheckedBefore(text, lockName);
  const lock = parseLock(text, lockName);
  await writeKeyed(cacheFile, key);
  return lock;
}

/** Output folders that are files, or symlinks out of the project: exit 4 with positions, before anything is spent. */
async function refuseUnusableFolders(dir: string, manifest: Manifest, manifestPath: string, displayName: string): Promise<void> {
  const text = () => readFile(manifestPath, 'utf8');
  const folders = await outputFolderDiagnostics(dir, manifest, text);
  // The upload checks are loaded only for a manifest that uploads files.
  const sources = sourceFiles(manifest).length > 0 ? await (await import('./check-source-files.js')).sourceFileDiagnostics(dir, manifest, text) : [];
  const diagnostics = [...folders, ...sources];
  if (diagnostics.length === 0) return;
  throw new InvalidManifestError(
    `${displayName} cannot be synced here: ${plural(diagnostics.length, 'problem')} found on disk (output folders, source files, sizes wider than the synced files), nothing was done`,
    { text: await text(), displayName, manifestPath, diagnostics },
    ExitCode.invalid,
  );
}

/** A file in `.masko/`, or undefined when `.masko` is a symlink or not a folder (caches are then skipped). */
export async function stateFile(projectDir: string, name: string): Promise<string | undefined> {
  try {
    return path.join((await stateDir(projectDir, { create: false })) ?? path.join(projectDir, '.masko'), name);
  } catch {
    return undefined;
  }
}

/** The manifest, from the cache when the file is unchanged; otherwise parsed (diagnostics → exit 4). */
async function loadValidManifest(manifestPath: string, displayName: string, cacheFile: string | undefined): Promise<Manifest> {
  // A symlinked or unreadable manifest is not cached; loadManifestFile says what is wrong with it.
  const read = cacheFile ? await readWithIdentity(manifestPath).catch(() => undefined) : undefined;
  const key = read ? await identityKey(read.bytes, read.identity) : undefined;
  const cached = key && cacheFile ? (await readKeyed(cacheFile, key))?.manifest : undefined;
  if (cached && typeof cached === 'object') return cached as Manifest;
  // The parser and schema are loaded only when the cache cannot answer.
  const { loadManifestFile } = await import('./load-manifest-file.js');
  const loaded = await loadManifestFile(manifestPath, displayName);
  if (!loaded.manifest) {
    const message = loaded.error ?? `${displayName} is not valid: ${plural(loaded.diagnostics.length, 'problem')}, nothing was done`;
    throw new InvalidManifestError(message, { ...(loaded.text !== undefined ? { text: loaded.text } : {}), displayName, manifestPath, diagnostics: loaded.diagnostics }, ExitCode.invalid);
  }
  if (key && cacheFile && loaded.diagnostics.length === 0) await writeKeyed(cacheFile, key, { manifest: loaded.manifest });
  return loaded.manifest;
}

/** The on-disk state of every file the plan must know about (stat cache in .masko/). */
export async function localFiles(project: Project): Promise<LocalFiles> {
  const cacheFile = await stateFile(project.dir, 'stat-cache.json');
  return readLocalFiles(project.dir, pathsToCheck(project.manifest, project.lock), cacheFile ? { cacheFile } : {});
}
