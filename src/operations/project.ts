/** Loads what every command starts from: the manifest (with its diagnostics), the lock and the local files. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { stateDir } from '../outputs/safe-path.js';
import { buildGraph } from '../graph/index.js';
import { LockfileError } from '../lockfile/errors.js';
import { readLocalFiles, type ReadLocalFilesOptions } from '../lockfile/local-state.js';
import type { Lockfile } from '../model/lock.js';
import type { AssetGraph, Manifest } from '../model/manifest.js';
import type { LocalFiles } from '../model/plan.js';
import { pathsToCheck } from '../plan/paths-to-check.js';
import { sourceFiles } from '../plan/source-files.js';
import type { OperationContext } from './context.js';
import { InvalidManifestError, OperationError } from './errors.js';
import { ExitCode } from './exit-codes.js';
import { displayPath, manifestPathFor } from './find-manifest.js';
import { identityKey, readKeyed, readWithIdentity, writeKeyed, type FileIdentity } from './file-identity.js';
import { diagnosticCounts, plural } from './words.js';
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
  const opened = await openManifest(ctx, file);
  // Loaded only by the commands that take it (plan and explain start without it).
  const runLock = opts.runLock === undefined ? undefined : await (await import('./run-lock.js')).acquireRunLock(opened.dir, opts.runLock);
  try {
    const read = await readLockFile(opened.lockPath, opened.lockName);
    return { ...(await withLock(opened, read, undefined)), ...(runLock ? { runLock } : {}) };
  } catch (err) {
    await runLock?.release();
    throw err;
  }
}

/**
 * A project read up to its lock's bytes, for `plan`'s memo: it can answer without the lock being
 * parsed. `keys` are the identity-bound cache keys of the manifest and lock (see file-identity.ts),
 * present when `.masko/` can hold caches; `complete` parses and checks the lock.
 */
export interface OpenedProject {
  dir: string;
  displayName: string;
  manifest: Manifest;
  keys?: { manifest: string; lock: string };
  complete(): Promise<Project>;
}

/** loadProject in two steps (no run lock: for `plan`, which changes nothing). */
export async function openProject(ctx: Pick<OperationContext, 'cwd'>, file: string | undefined): Promise<OpenedProject> {
  const opened = await openManifest(ctx, file);
  const read = await readLockFile(opened.lockPath, opened.lockName);
  const lockKey = read && opened.manifestKey ? await identityKey(read.bytes, read.identity) : 'none';
  return {
    dir: opened.dir,
    displayName: opened.displayName,
    manifest: opened.manifest,
    ...(opened.manifestKey ? { keys: { manifest: opened.manifestKey, lock: lockKey } } : {}),
    complete: () => withLock(opened, read, read && opened.manifestKey ? lockKey : undefined),
  };
}

interface OpenedManifest {
  manifestPath: string;
  dir: string;
  displayName: string;
  manifest: Manifest;
  manifestKey: string | undefined;
  lockPath: string;
  lockName: string;
}

async function openManifest(ctx: Pick<OperationContext, 'cwd'>, file: string | undefined): Promise<OpenedManifest> {
  // Without -f, the nearest masko.yaml from the working folder up (see find-manifest.ts).
  const manifestPath = await manifestPathFor(ctx.cwd, file);
  const displayName = displayPath(ctx.cwd, manifestPath);
  const dir = path.dirname(manifestPath);
  const { manifest, key } = await loadValidManifest(manifestPath, displayName, await stateFile(dir, 'manifest-cache.json'));
  await refuseUnusableFolders(dir, manifest, manifestPath, displayName);
  const lockPath = path.join(dir, 'masko.lock');
  // Messages name the lock relative to where the user is, never by its absolute path.
  const lockName = path.relative(ctx.cwd, lockPath) || 'masko.lock';
  return { manifestPath, dir, displayName, manifest, manifestKey: key, lockPath, lockName };
}

type LockRead = { bytes: Buffer; identity: FileIdentity } | undefined;

/** The lock's bytes and the identity of the file they came from, or undefined when there is no lock. */
async function readLockFile(lockPath: string, lockName: string): Promise<LockRead> {
  // Never read through a symlink: a crafted one could point anywhere on the machine.
  return readWithIdentity(lockPath).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    if (err.code === 'ELOOP' || err.code === 'EINVAL' || err.code === 'EISDIR') {
      throw new OperationError(`${lockName} is not a regular file (a symlink or a folder); masko-sync reads and writes only a plain masko.lock next to the manifest. Replace it with the real file.`, ExitCode.failure, { cause: err });
    }
    throw err;
  });
}

/** The project, its lock parsed (exit 1 with the lock's position when it cannot be used). */
async function withLock(o: OpenedManifest, read: LockRead, lockKey: string | undefined): Promise<Project> {
  let lock: Lockfile | undefined;
  let lockText: string | undefined;
  if (read) {
    lockText = read.bytes.toString('utf8');
    try {
      lock = await parseLockOnce(lockText, o.lockName, read, await stateFile(o.dir, 'lock-check.json'), lockKey);
    } catch (err) {
      if (err instanceof LockfileError) throw new OperationError(err.message, ExitCode.failure, { cause: err });
      throw err;
    }
  }
  const { manifestPath, dir, displayName, manifest, lockPath, lockName } = o;
  return { manifestPath, dir, displayName, manifest, graph: buildGraph(manifest), lockPath, lock, lockName, ...(lockText !== undefined ? { lockText } : {}) };
}

/** The lock of this text: checked in full, unless the same bytes of the same file passed the checks before (`.masko/lock-check.json`). */
async function parseLockOnce(text: string, lockName: string, read: { bytes: Buffer; identity: FileIdentity }, cacheFile: string | undefined, knownKey: string | undefined): Promise<Lockfile> {
  // Loaded here: a plan answered from its memo needs neither the lock's parser nor its schema.
  const { parseLock, parseLockCheckedBefore } = await import('../lockfile/parse.js');
  if (!cacheFile) return parseLock(text, lockName);
  const key = knownKey ?? (await identityKey(read.bytes, read.identity));
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

/** The manifest, from the cache when the file is unchanged; otherwise parsed (diagnostics → exit 4). Its cache key, when it has one. */
async function loadValidManifest(manifestPath: string, displayName: string, cacheFile: string | undefined): Promise<{ manifest: Manifest; key: string | undefined }> {
  // A symlinked or unreadable manifest is not cached; loadManifestFile says what is wrong with it.
  const read = cacheFile ? await readWithIdentity(manifestPath).catch(() => undefined) : undefined;
  const key = read ? await identityKey(read.bytes, read.identity) : undefined;
  const cached = key && cacheFile ? (await readKeyed(cacheFile, key))?.manifest : undefined;
  if (cached && typeof cached === 'object') return { manifest: cached as Manifest, key };
  // The parser and schema are loaded only when the cache cannot answer.
  const { loadManifestFile } = await import('./load-manifest-file.js');
  // The bytes the key was made of: a second read could see a later edit, cached under this key.
  const loaded = await loadManifestFile(manifestPath, displayName, read?.bytes);
  if (!loaded.manifest) {
    // The words of `validate`'s summary, so both say the same of the same file.
    const message = loaded.error ?? `${displayName} is invalid: ${diagnosticCounts(loaded.diagnostics.map((d) => d.severity))}; nothing was done`;
    throw new InvalidManifestError(message, { ...(loaded.text !== undefined ? { text: loaded.text } : {}), displayName, manifestPath, diagnostics: loaded.diagnostics }, ExitCode.invalid);
  }
  // The manifest of exactly the bytes of the key (never of a later read).
  if (key && cacheFile && loaded.diagnostics.length === 0) await writeKeyed(cacheFile, key, { manifest: loaded.manifest });
  return { manifest: loaded.manifest, key };
}

/** The on-disk state of every file the plan must know about (stat cache in .masko/); `onSeen` as readLocalFiles'. */
export async function localFiles(project: Project, onSeen?: ReadLocalFilesOptions['onSeen']): Promise<LocalFiles> {
  const cacheFile = await stateFile(project.dir, 'stat-cache.json');
  return readLocalFiles(project.dir, pathsToCheck(project.manifest, project.lock), { ...(cacheFile ? { cacheFile } : {}), ...(onSeen ? { onSeen } : {}) });
}
