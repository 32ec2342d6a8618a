/** Loads what every command starts from: the manifest (with its diagnostics), the lock and the local files. */
import path from 'node:path';
import { buildGraph } from '../graph/index.js';
import { readFile } from 'node:fs/promises';
import { LockfileError, parseLock, readLocalFiles } from '../lockfile/index.js';
import { renderDiagnostics } from '../manifest/index.js';
import type { Lockfile } from '../model/lock.js';
import type { AssetGraph, Manifest } from '../model/manifest.js';
import type { LocalFiles } from '../model/plan.js';
import { pathsToCheck } from '../plan/index.js';
import { CliError, type CliContext } from './context.js';
import { ExitCode } from './exit-codes.js';
import { loadManifestFile } from './load-manifest-file.js';

export interface Project {
  /** Absolute manifest path and its folder (the project folder). */
  manifestPath: string;
  dir: string;
  /** The manifest file name as the user gave it, for messages. */
  displayName: string;
  manifest: Manifest;
  graph: AssetGraph;
  lockPath: string;
  lock: Lockfile | undefined;
}

/** Reads and validates the manifest (exit 4 with every diagnostic) and reads the lock (exit 1 with its position). */
export async function loadProject(ctx: CliContext, file: string | undefined): Promise<Project> {
  const displayName = file ?? 'masko.yaml';
  const manifestPath = path.resolve(ctx.cwd, displayName);
  const loaded = await loadManifestFile(manifestPath, displayName);
  if (!loaded.manifest) {
    if (loaded.text !== undefined) ctx.stderr(renderDiagnostics(loaded.text, displayName, loaded.diagnostics, { color: ctx.isTTY && !ctx.env.NO_COLOR }) + '\n');
    throw new CliError(loaded.error ?? `${displayName} is not valid: ${loaded.diagnostics.length} problem(s), nothing was done`, ExitCode.invalid);
  }
  const dir = path.dirname(manifestPath);
  const lockPath = path.join(dir, 'masko.lock');
  let lock: Lockfile | undefined;
  try {
    const text = await readFile(lockPath, 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    });
    // Messages name the lock relative to where the user is, never by its absolute path.
    lock = text === undefined ? undefined : parseLock(text, path.relative(ctx.cwd, lockPath) || 'masko.lock');
  } catch (err) {
    if (err instanceof LockfileError) throw new CliError(err.message, ExitCode.failure, { cause: err });
    throw err;
  }
  return { manifestPath, dir, displayName, manifest: loaded.manifest, graph: buildGraph(loaded.manifest), lockPath, lock };
}

/** The on-disk state of every file the plan must know about (stat cache in .masko/). */
export async function localFiles(project: Project): Promise<LocalFiles> {
  return readLocalFiles(project.dir, pathsToCheck(project.manifest, project.lock), {
    cacheFile: path.join(project.dir, '.masko', 'stat-cache.json'),
  });
}
