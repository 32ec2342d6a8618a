/** The standard manifest of the sync tests and the checks most of them share. */
import { expect } from 'vitest';
import type { EmulatorOptions } from '../../src/emulator/index.js';
import type { Lockfile } from '../../src/model/lock.js';
import { runCli, spawnCli, type CliProcess, type CliResult } from './cli.js';
import { startTestEmulator, type TestEmulator } from './emulator.js';
import { tempProject, type TempProject } from './project.js';

export interface ManifestOptions {
  outputDir?: string;
  /** Prompt overrides by asset id (the image/animation/edit prompt of that asset). */
  prompts?: Partial<Record<StandardId, string>>;
  /** Display name of `wave`. */
  waveName?: string;
  budget?: number;
  /** Extra YAML lines appended under `assets:` (indented two spaces). */
  extraAssets?: string[];
  /** Asset ids left out. */
  without?: StandardId[];
}

export type StandardId = 'idle' | 'wave' | 'wave-santa' | 'wave-animated' | 'idle-to-wave';

/** Asset ids the standard manifest produces (the transition's reverse included). */
export const STANDARD_IDS = ['idle', 'idle-to-wave', 'wave', 'wave-animated', 'wave-santa', 'wave-to-idle'] as const;
/** What the standard manifest costs: 1 + 1 (images) + 1 (edit) + 5 (animate, 1 s) + 5 (transition, 1 s; reverse free). */
export const STANDARD_CREDITS = 13;

/**
 * A small manifest with a collection by definition and every dependency shape: two images, an edit
 * of one, an animation of it, and a transition between both with its free reverse.
 */
export function standardManifest(o: ManifestOptions = {}): string {
  const p = o.prompts ?? {};
  const assets: Record<StandardId, string> = {
    idle: `idle: { type: image, image_prompt: "${p.idle ?? 'standing relaxed'}" }`,
    wave: `wave: { type: image, name: "${o.waveName ?? 'Wave'}", image_prompt: "${p.wave ?? 'waving hello'}" }`,
    'wave-santa': `wave-santa: { type: edit, source: wave, edit_instructions: "${p['wave-santa'] ?? 'add a santa hat'}" }`,
    'wave-animated': `wave-animated: { type: animation, source: wave, animation_prompt: "${p['wave-animated'] ?? 'waving smoothly'}" }`,
    'idle-to-wave': `idle-to-wave: { type: animation, source: idle, end: wave, animation_prompt: "${p['idle-to-wave'] ?? 'from idle to waving'}", reverse: wave-to-idle }`,
  };
  const lines = [
    'version: 1',
    'collection:',
    '  name: Test fox',
    '  description: a small orange fox with a blue scarf',
    'output:',
    `  dir: ${o.outputDir ?? 'out'}`,
    ...(o.budget !== undefined ? [`budget: ${o.budget}`] : []),
    'defaults: { duration: 1 }',
    'assets:',
    ...Object.entries(assets)
      .filter(([id]) => !o.without?.includes(id as StandardId))
      .map(([, line]) => `  ${line}`),
    ...(o.extraAssets ?? []).map((l) => `  ${l}`),
  ];
  return lines.join('\n') + '\n';
}

/** Every file the lock records exists and hashes to the lock's sha256; returns the paths. */
export async function expectFilesMatchLock(project: TempProject, lock?: Lockfile): Promise<string[]> {
  const l = lock ?? (await project.lock());
  const paths: string[] = [];
  for (const [id, entry] of Object.entries(l.assets)) {
    if (entry.status !== 'completed') continue;
    expect(Object.keys(entry.files).length, `${id} has files`).toBeGreaterThan(0);
    for (const [key, f] of Object.entries(entry.files)) {
      expect(f.sha256, `${id}.${key} sha256 recorded`).toMatch(/^[0-9a-f]{64}$/);
      expect(project.exists(f.path), `${f.path} exists`).toBe(true);
      expect(await project.sha256(f.path), `${f.path} sha256`).toBe(f.sha256);
      paths.push(f.path);
    }
  }
  return paths;
}

/** The emulator holds exactly one job per locked asset, and it is the job the lock records. */
export async function expectOneJobPerAsset(emu: TestEmulator, lock: Lockfile): Promise<void> {
  const jobs = await emu.jobs();
  const locked = Object.values(lock.assets).map((a) => a.job_id).sort();
  expect(jobs.map((j) => j.id).sort()).toEqual(locked);
}

/** Job ids by asset id, from the lock. */
export function jobIds(lock: Lockfile): Record<string, string> {
  return Object.fromEntries(Object.entries(lock.assets).map(([id, a]) => [id, a.job_id ?? '']));
}

/** Statuses by asset id, from the lock. */
export function statuses(lock: Lockfile): Record<string, string> {
  return Object.fromEntries(Object.entries(lock.assets).map(([id, a]) => [id, a.status]));
}

/** One test's world: an emulator, a project folder, and `sync(args)` running the CLI against them. */
export interface SyncWorld {
  emu: TestEmulator;
  project: TempProject;
  /** Runs `masko-sync …args` in the project with the emulator's URL and key (plus `env`). */
  cli(args?: string[], env?: Record<string, string | undefined>): Promise<CliResult>;
  /** Starts it without waiting (for signals). */
  spawn(args?: string[], env?: Record<string, string | undefined>): CliProcess;
}

/**
 * Starts an emulator and a project; both are disposed through `onFinished` (the test context's
 * onTestFinished, which also works in concurrent tests).
 */
export async function syncWorld(
  onFinished: (fn: () => Promise<void>) => void,
  options: { manifest?: string; emulator?: EmulatorOptions } = {},
): Promise<SyncWorld> {
  const emu = await startTestEmulator(options.emulator);
  const project = await tempProject(options.manifest ?? standardManifest());
  onFinished(async () => {
    await emu.close();
    await project.cleanup();
  });
  const env = (extra: Record<string, string | undefined>) => ({ ...emu.env, ...extra });
  return {
    emu,
    project,
    cli: (args = [], extra = {}) => runCli(args, { cwd: project.dir, env: env(extra) }),
    spawn: (args = [], extra = {}) => spawnCli(args, { cwd: project.dir, env: env(extra) }),
  };
}

/** A readable failure message for an unexpected exit code. */
export function out(r: CliResult): string {
  return `exit ${r.code ?? r.signal}\n--- stderr\n${r.stderr}\n--- stdout\n${r.stdout}`;
}
