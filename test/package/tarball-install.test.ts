// The package as a new user gets it: `npm pack`, then `npm install <tarball>` in a fresh folder,
// without the optional dependencies (the emulator's renderers) and with them. Everything comes
// from the npm cache that `npm ci` filled (--prefer-offline). About 20 s: its own file, run by `npm test`.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, assertBuilt } from '../helpers/cli.js';

const VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const FOOTPRINT_GOAL_KB = 20 * 1024;

/** The caller's environment without npm's own run-script variables (a child npm must not inherit them). */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(npm_|MASKO_|GITHUB_|NODE_OPTIONS$)/i.test(k)) env[k] = v;
  if (process.env.npm_config_cache) env.npm_config_cache = process.env.npm_config_cache;
  return { ...env, NO_COLOR: '1', ...extra };
}

function run(cmd: string, args: string[], cwd: string, extra: Record<string, string> = {}): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, encoding: 'utf8', env: childEnv(extra), timeout: 180_000 });
}

function ok(r: SpawnSyncReturns<string>): string {
  expect(r.status, `exit ${r.status}\n--- stderr\n${r.stderr}\n--- stdout\n${r.stdout}`).toBe(0);
  return r.stdout;
}

/** Installed size in KB, as `du -sk` counts it (disk blocks). */
function footprintKb(dir: string): number {
  return Number(ok(run('du', ['-sk', dir], dir)).split(/\s/)[0]);
}

let work: string;
let tarball: string;
let lean: string;
/** What `npm install <tarball> --omit=optional` printed. */
let installOutput = '';
const figures: string[] = [];

beforeAll(() => {
  assertBuilt();
  work = mkdtempSync(path.join(os.tmpdir(), 'masko-pack-'));
  // dist/ is already built (npm test builds first): pack without running prepare again.
  const out = ok(run('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], ROOT)).trim().split('\n').pop()!;
  tarball = path.join(work, out);
  lean = path.join(work, 'lean');
  mkdirSync(lean);
  writeFileSync(path.join(lean, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  const installed = run('npm', ['install', tarball, '--omit=optional', '--prefer-offline', '--no-audit', '--no-fund'], lean);
  ok(installed);
  installOutput = installed.stdout + installed.stderr;
}, 180_000);

afterAll(() => {
  if (figures.length) console.log(`installed footprint: ${figures.join('; ')}`);
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  it('ships the docs the README and init link to, the schemas, both entries; no source maps, no dev scripts', () => {
    const files = ok(run('tar', ['-tzf', tarball], work)).split('\n').filter(Boolean);
    for (const f of ['docs/manifest.md', 'docs/emulator.md', 'schema/masko.schema.json', 'schema/masko-lock.schema.json', 'dist/index.js', 'dist/index.d.ts', 'dist/emulator-entry.js', 'bin/masko-sync.js', 'README.md']) {
      expect(files, f).toContain(`package/${f}`);
    }
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files.filter((f) => /build-embedded|\/test\/|\/src\//.test(f))).toEqual([]);
    const pkg = JSON.parse(readFileSync(path.join(lean, 'node_modules/masko-sync/package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg).toMatchObject({
      repository: { url: 'git+https://github.com/masko-ai/masko-sync.git' },
      homepage: 'https://github.com/masko-ai/masko-sync#readme',
      bugs: { url: 'https://github.com/masko-ai/masko-sync/issues' },
    });
    expect(Object.keys(pkg.dependencies as object)).not.toEqual(expect.arrayContaining(['ajv-formats']));
    expect(Object.keys(pkg.optionalDependencies as object).sort()).toEqual(['@ffmpeg-installer/ffmpeg', '@resvg/resvg-js', 'sharp']);
  });

  it('carries no install-time script: installing it runs nothing, and npm has nothing to warn about', () => {
    const pkg = JSON.parse(readFileSync(path.join(lean, 'node_modules/masko-sync/package.json'), 'utf8')) as { scripts?: Record<string, string> };
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) expect(pkg.scripts ?? {}, hook).not.toHaveProperty(hook);
    // npm 11 lists packages with such scripts ("not yet covered by allowScripts").
    expect(installOutput).not.toMatch(/install-scripts|allowScripts|masko-sync@[^ ]* \(/);
  });
});

describe('npm install <tarball> --omit=optional', () => {
  it(`leaves the renderers out and stays within ${FOOTPRINT_GOAL_KB / 1024} MB`, () => {
    expect(existsSync(path.join(lean, 'node_modules/@resvg'))).toBe(false);
    expect(existsSync(path.join(lean, 'node_modules/@ffmpeg-installer'))).toBe(false);
    expect(existsSync(path.join(lean, 'node_modules/sharp'))).toBe(false);
    const kb = footprintKb(path.join(lean, 'node_modules'));
    figures.push(`without optional dependencies ${(kb / 1024).toFixed(1)} MB`);
    expect(kb).toBeLessThanOrEqual(FOOTPRINT_GOAL_KB);
  });

  it('imports as ESM and through require() (Node ≥ 20.19 loads ESM from CommonJS), with public types', () => {
    expect(ok(run('node', ['-e', "import('masko-sync').then((m) => console.log(typeof m.loadManifest, typeof m.buildPlan, 'startEmulator' in m))"], lean)).trim()).toBe('function function false');
    expect(ok(run('node', ['-e', "console.log(typeof require('masko-sync').loadManifest)"], lean)).trim()).toBe('function');
    expect(ok(run('node', ['-e', "import('masko-sync/emulator').then((m) => console.log(typeof m.startEmulator))"], lean)).trim()).toBe('function');
  });

  it('type-checks ESM (.mts) and CommonJS (.cts) consumers of both entries', () => {
    writeFileSync(
      path.join(lean, 'use.mts'),
      [
        "import { loadManifest, type IndexEntry, type Lockfile, type ApplyEvent } from 'masko-sync';",
        "import { startEmulator, type RunningEmulator } from 'masko-sync/emulator';",
        "const entry: IndexEntry = { type: 'image', kind: 'image', name: 'Idle', status: 'completed', files: {} };",
        'const lock: Lockfile | undefined = undefined;',
        'const e: ApplyEvent | undefined = undefined;',
        'const emu: Promise<RunningEmulator> = startEmulator({ port: 0 });',
        'export const all = [loadManifest, entry, lock, e, emu];',
      ].join('\n'),
    );
    writeFileSync(path.join(lean, 'use.cts'), "import masko = require('masko-sync');\nexport const load: typeof masko.loadManifest = masko.loadManifest;\n");
    writeFileSync(
      path.join(lean, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, skipLibCheck: true, types: [] }, files: ['use.mts', 'use.cts'] }),
    );
    ok(run(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', lean], lean));
  });

  it('runs --version, validate and plan, and syncs against the embedded emulator with its fallback media', () => {
    const bin = path.join(lean, 'node_modules/.bin/masko-sync');
    expect(ok(run(bin, ['--version'], lean))).toBe(`${VERSION}\n`);
    expect(ok(run('npx', ['--no-install', 'masko-sync', '-V'], lean))).toBe(`${VERSION}\n`);
    const project = path.join(lean, 'project');
    mkdirSync(project);
    cpSync(path.join(ROOT, 'examples/full/masko.yaml'), path.join(project, 'masko.yaml'));
    expect(run(bin, ['validate'], project).stderr).toBe('masko.yaml is valid: 9 assets in 3 waves.\n');
    expect(ok(run(bin, ['plan'], project))).toMatch(/^9 to create; estimated 80 credits$/m);
    const sync = run(bin, ['--emulator', '--only', 'idle,app-logo'], project);
    ok(sync);
    expect(sync.stderr.match(/emulator media: @resvg\/resvg-js is not installed/g)).toHaveLength(1);
    expect(existsSync(path.join(project, 'masko-assets/idle.png'))).toBe(true);
  });

  it('gives the fallback-media notice once when the usual port is taken and the emulator moves to another', async () => {
    const held = createServer();
    await new Promise<void>((resolve) => held.listen(0, '127.0.0.1', resolve));
    try {
      const port = (held.address() as AddressInfo).port;
      const project = path.join(lean, 'moved');
      mkdirSync(project);
      writeFileSync(path.join(project, 'masko.yaml'), 'version: 1\ncollection: { name: Fox, description: a fox }\nassets:\n  idle: { type: image, image_prompt: standing }\n');
      // spawnSync blocks this process, but the held socket keeps the port taken all the same
      const sync = run(path.join(lean, 'node_modules/.bin/masko-sync'), ['--emulator'], project, { MASKO_EMULATOR_PORT: String(port) });
      expect(sync.status, sync.stderr).toBe(0);
      expect(sync.stderr).toContain(`note: port ${port} is not available (EADDRINUSE)`);
      expect(sync.stderr.match(/emulator media: @resvg\/resvg-js is not installed/g)).toHaveLength(1);
    } finally {
      await new Promise((resolve) => held.close(resolve));
    }
  });

  it('without sharp, a manifest with formats syncs its assets and fails their web formats with the asset and the fix', () => {
    const bin = path.join(lean, 'node_modules/.bin/masko-sync');
    const project = path.join(lean, 'formats');
    mkdirSync(project);
    writeFileSync(path.join(project, 'masko.yaml'), 'version: 1\ncollection: { name: Fox, description: a fox }\nassets:\n  wave: { type: image, image_prompt: waving, formats: [webp] }\n');
    const sync = run(bin, ['--emulator'], project);
    expect(sync.status, sync.stderr).toBe(3);
    expect(sync.stderr).toMatch(/wave: image\.webp: asset "wave" \(image\.webp, from masko\.yaml's sizes\/formats\) needs sharp/);
    expect(sync.stderr).toContain('npm install --save-dev sharp@^0.34');
    expect(existsSync(path.join(project, 'masko-assets/wave.png'))).toBe(true);
  });

  it('needs no hono for the library, validate and plan (only the emulator uses it)', () => {
    const hono = path.join(lean, 'node_modules/hono');
    renameSync(hono, `${hono}.away`);
    try {
      expect(ok(run('node', ['-e', "import('masko-sync').then((m) => console.log(Object.keys(m).length > 10))"], lean)).trim()).toBe('true');
      const project = path.join(lean, 'project');
      ok(run(path.join(lean, 'node_modules/.bin/masko-sync'), ['plan'], project));
      const emulator = run(path.join(lean, 'node_modules/.bin/masko-sync'), ['--emulator'], project);
      expect(emulator.status).toBe(1);
    } finally {
      renameSync(`${hono}.away`, hono);
    }
  });
});

describe('npm install <tarball> with the optional dependencies', () => {
  it('adds resvg, ffmpeg and sharp (the footprint is measured and printed)', () => {
    const full = path.join(work, 'full');
    mkdirSync(full);
    writeFileSync(path.join(full, 'package.json'), JSON.stringify({ name: 'consumer-full', private: true, type: 'module' }));
    ok(run('npm', ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund'], full));
    expect(existsSync(path.join(full, 'node_modules/@resvg/resvg-js'))).toBe(true);
    expect(existsSync(path.join(full, 'node_modules/@ffmpeg-installer/ffmpeg'))).toBe(true);
    expect(ok(run('node', ['-e', "import('sharp').then((m) => console.log(m.default.versions.sharp))"], full)).trim()).toMatch(/^0\.34\./);
    figures.push(`with them ${(footprintKb(path.join(full, 'node_modules')) / 1024).toFixed(1)} MB`);
    const probe = "import('masko-sync/emulator').then(async (m) => { const e = await m.startEmulator({ port: 0, log: (l) => console.log(l) }); await e.close(); })";
    expect(ok(run('node', ['-e', probe], full))).toMatch(/media: ffmpeg video/);
  });
});
