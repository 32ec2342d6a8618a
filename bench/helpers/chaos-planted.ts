/**
 * The chaos campaign's hostile project: bystander files a real repository has next to the assets,
 * files planted where the tool would write (a user's file, symlinks), and a masko.lock crafted the way
 * a pull request could (a path at a project file, a foreign URL, another port of the API's host).
 * Invariants: no byte outside the tool's outputs ever changes, and a refused run requests nothing.
 */
import { createHash } from 'node:crypto';
import { lstat, mkdir, readFile, readdir, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { seededRandom } from './chaos-faults.js';

/** Files of the project that are not masko-sync's: they must keep every byte through every run. */
export const BYSTANDERS: Record<string, string> = {
  'package.json': '{ "name": "pixel-app", "private": true, "scripts": { "test": "vitest" } }\n',
  'README.md': '# Pixel app\n',
  '.git/hooks/pre-commit': '#!/bin/sh\nnpm test\n',
  '.github/workflows/ci.yml': 'on: push\njobs: {}\n',
  'src/app.ts': "import { maskoAssets } from './mascot-assets';\nexport const hero = maskoAssets;\n",
};

/** What the tool may write in the full example: its lock, its output folder, its TS module, its state. */
export function isToolOutput(rel: string): boolean {
  // The lock's own temp file (`masko.lock.masko-tmp`, left by a SIGKILL mid-write and taken over by the
  // next write) is the tool's too; that none is left at the end is an invariant of its own.
  return rel === 'masko.lock' || rel === 'masko.lock.masko-tmp' || rel === 'src/mascot-assets.ts' || rel.startsWith('masko-assets/') || rel === 'masko-assets' || rel.startsWith('.masko/');
}

export type PlantKind = 'user-file' | 'symlink-file' | 'symlink-folder' | 'lock-path' | 'lock-url-foreign' | 'lock-url-port';

/** One run's plant: what it is, and for a crafted lock, which command meets it. */
export interface Plant {
  kind: PlantKind;
  command: 'sync' | 'pull';
}

const KINDS: PlantKind[] = ['user-file', 'symlink-file', 'symlink-folder', 'lock-path', 'lock-url-foreign', 'lock-url-port'];

/** Draws a run's plant (in about half of the runs) from its own generator, so the fault draws of a seed stay what they were. */
export function drawPlant(seed: number): Plant | undefined {
  const r = seededRandom((seed ^ 0x5eed5eed) >>> 0);
  if (r() >= 0.5) return undefined;
  return { kind: KINDS[Math.floor(r() * KINDS.length)]!, command: r() < 0.5 ? 'sync' : 'pull' };
}

/** Whether the plant is met before the first sync (files) or after it (a crafted lock). */
export const beforeSync = (p: Plant) => p.kind === 'user-file' || p.kind === 'symlink-file' || p.kind === 'symlink-folder';

/** Writes the bystander files into a fresh project. */
export async function plantBystanders(project: string): Promise<void> {
  for (const [rel, text] of Object.entries(BYSTANDERS)) {
    await mkdir(path.dirname(path.join(project, rel)), { recursive: true });
    await writeFile(path.join(project, rel), text);
  }
}

/** rel → content hash (or link target) of every file outside the tool's outputs, plus the files of `outside`. */
export async function snapshot(project: string, outside: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (root: string, rel: string, label: string, all: boolean): Promise<void> => {
    const entries = await readdir(path.join(root, rel), { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (!all && isToolOutput(r)) continue;
      const abs = path.join(root, r);
      const st = await lstat(abs);
      if (st.isSymbolicLink()) out.set(`${label}${r}`, `link:${await readlink(abs)}`);
      else if (st.isDirectory()) await walk(root, r, label, all);
      else out.set(`${label}${r}`, createHash('sha256').update(await readFile(abs)).digest('hex'));
    }
  };
  await walk(project, '', '', false);
  await walk(outside, '', '<outside>/', true);
  return out;
}

/** Paths whose bytes differ between two snapshots. */
export function changedPaths(before: Map<string, string>, after: Map<string, string>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((k) => before.get(k) !== after.get(k)).sort();
}

/** A plant put in place before the first sync: what the refusal must say, and how the "user" clears it. */
export interface PlantedFiles {
  expect: RegExp;
  /** Problems with what was planted after the refused run (it must be exactly as planted). */
  check(): Promise<string | undefined>;
  undo(): Promise<void>;
}

/** Plants files at the tool's target paths: a user's file, a symlink to a file outside, a symlinked output folder. */
export async function plantFiles(plant: Plant, project: string, outside: string): Promise<PlantedFiles> {
  const assets = path.join(project, 'masko-assets');
  switch (plant.kind) {
    case 'user-file': {
      const file = path.join(assets, 'wave.png');
      await mkdir(assets, { recursive: true });
      await writeFile(file, "the designer's own wave.png");
      return {
        expect: /masko-assets\/wave\.png \(create wave\): a file masko-sync did not make/,
        check: async () => ((await readFile(file, 'utf8').catch(() => '')) === "the designer's own wave.png" ? undefined : 'the user file at masko-assets/wave.png was changed'),
        undo: () => rm(file, { force: true }),
      };
    }
    case 'symlink-file': {
      const victim = path.join(outside, 'victim.txt');
      await writeFile(victim, 'precious');
      await mkdir(assets, { recursive: true });
      await symlink(victim, path.join(assets, 'idle.png'));
      return {
        expect: /masko-assets\/idle\.png \(create idle\): a symlink masko-sync did not make/,
        check: async () => ((await readFile(victim, 'utf8')) === 'precious' ? undefined : 'the file behind a planted symlink was written'),
        undo: () => rm(path.join(assets, 'idle.png'), { force: true }),
      };
    }
    case 'symlink-folder': {
      const target = path.join(outside, 'assets');
      await mkdir(target, { recursive: true });
      await symlink(target, assets);
      return {
        expect: /OUTPUT_PATH_ESCAPES: "output\.dir": masko-assets is a symlink to .* outside the project/,
        check: async () => ((await readdir(target)).length === 0 ? undefined : `files were written through the symlinked output folder: ${(await readdir(target)).join(', ')}`),
        undo: () => rm(assets, { force: true }),
      };
    }
    default:
      throw new Error(`${plant.kind} is planted into the lock, not as files`);
  }
}

/** A crafted lock: the refusal it must meet, and the original bytes to put back (`git checkout -- masko.lock`). */
export interface CraftedLock {
  expect: RegExp;
  crafted: string;
  undo(): Promise<void>;
}

/** Rewrites one locked file of a manifest asset the way a hostile pull request could; undefined when the lock has none yet. */
export async function craftLock(plant: Plant, project: string, trapPort: number): Promise<CraftedLock | undefined> {
  const lockPath = path.join(project, 'masko.lock');
  const original = await readFile(lockPath, 'utf8').catch(() => undefined);
  if (!original) return undefined;
  const lock = JSON.parse(original) as { assets: Record<string, { files: Record<string, { path: string; url: string }> }> };
  const target = Object.entries(lock.assets).find(([, e]) => e.files['image'])?.[1]?.files['image'];
  if (!target) return undefined;
  let expect: RegExp;
  switch (plant.kind) {
    case 'lock-path':
      target.path = 'package.json';
      expect = /masko\.lock:\d+:\d+: assets\.[a-z0-9_-]+\.files\.image\.path: "package\.json" is not a file masko-sync writes/;
      break;
    case 'lock-url-foreign':
      target.url = 'https://evil.example.com/cdn/idle.png';
      expect = /masko\.lock:\d+:\d+: assets\.[a-z0-9_-]+\.files\.image\.url: .*not on the Masko CDN or the API's own origin/;
      break;
    case 'lock-url-port':
      target.url = `http://127.0.0.1:${trapPort}/internal/admin?drop=all`;
      expect = /masko\.lock:\d+:\d+: assets\.[a-z0-9_-]+\.files\.image\.url: .*not on the Masko CDN or the API's own origin/;
      break;
    default:
      throw new Error(`${plant.kind} is planted as files, not into the lock`);
  }
  const crafted = JSON.stringify(lock, null, 2) + '\n';
  await writeFile(lockPath, crafted);
  return { expect, crafted, undo: () => writeFile(lockPath, original) };
}
