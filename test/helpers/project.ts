/** Temporary project folders for end-to-end tests: a manifest, and readers for the lock and the files. */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Lockfile } from '../../src/model/lock.js';

/** A project folder in the OS temp dir. */
export interface TempProject {
  dir: string;
  /** Writes a project-relative file (folders created). */
  write(rel: string, text: string): Promise<void>;
  writeManifest(yaml: string): Promise<void>;
  read(rel: string): Promise<Buffer>;
  exists(rel: string): boolean;
  remove(rel: string): Promise<void>;
  sha256(rel: string): Promise<string>;
  /** The parsed masko.lock (throws when absent). */
  lock(): Promise<Lockfile>;
  /** masko.lock's raw bytes, or undefined when absent. */
  lockBytes(): Promise<Buffer | undefined>;
  /** Every file under the project, project-relative POSIX paths, sorted. */
  files(): Promise<string[]>;
  cleanup(): Promise<void>;
}

/** Creates a temp project with `manifest` written to masko.yaml. */
export async function tempProject(manifest: string): Promise<TempProject> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'masko-sync-e2e-'));
  const abs = (rel: string) => path.join(dir, ...rel.split('/'));
  const p: TempProject = {
    dir,
    async write(rel, text) {
      await mkdir(path.dirname(abs(rel)), { recursive: true });
      await writeFile(abs(rel), text);
    },
    writeManifest: (yaml) => p.write('masko.yaml', yaml),
    read: (rel) => readFile(abs(rel)),
    exists: (rel) => existsSync(abs(rel)),
    remove: (rel) => rm(abs(rel), { force: true }),
    sha256: async (rel) => createHash('sha256').update(await readFile(abs(rel))).digest('hex'),
    lock: async () => JSON.parse(await readFile(abs('masko.lock'), 'utf8')) as Lockfile,
    lockBytes: () => readFile(abs('masko.lock')).catch(() => undefined),
    async files() {
      const out: string[] = [];
      const walk = async (rel: string) => {
        for (const e of await readdir(abs(rel || '.'), { withFileTypes: true })) {
          const r = rel ? `${rel}/${e.name}` : e.name;
          if (e.isDirectory()) await walk(r);
          else out.push(r);
        }
      };
      await walk('');
      return out.sort();
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
  await p.writeManifest(manifest);
  return p;
}
