// examples/vite-app end to end: the built CLI syncs it against the emulator (real PNG, MP4, WebM,
// MOV), then Vite builds it with its own vite.config.ts (the plugin from dist/ via masko-sync/vite).
// The build holds the two assets the page imports, hashed, and nothing of the third; the page
// type-checks under the example's tsconfig (strict, isolatedDeclarations).
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { REPO_TMP } from '../outputs/fixture-project.js';

const EXAMPLE = path.join(ROOT, 'examples', 'vite-app');
const SOURCES = ['masko.yaml', 'index.html', 'vite.config.ts', 'tsconfig.json', 'src/main.ts'];

let emu: TestEmulator;
let dir: string;
beforeAll(async () => {
  emu = await startTestEmulator({ media: 'real', latencyMs: 20 });
  // Inside the repository, so `masko-sync/vite` and `vite/client` resolve as in a real install.
  await mkdir(REPO_TMP, { recursive: true });
  dir = await mkdtemp(path.join(REPO_TMP, 'vite-app-'));
  for (const file of SOURCES) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await copyFile(path.join(EXAMPLE, file), path.join(dir, file));
  }
});
afterAll(async () => {
  await emu?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('examples/vite-app', () => {
  it('syncs, builds with Vite and ships only the two imported assets', async () => {
    const sync = await runCli([], { cwd: dir, env: emu.env });
    expect(sync.code, sync.stderr).toBe(0);
    const module = await readFile(path.join(dir, 'src/mascot-assets.ts'), 'utf8');
    expect(module).toContain('import waveHello_webm from "./mascot/wave-hello.webm";');

    await build({ root: dir, logLevel: 'silent', build: { outDir: 'dist', emptyOutDir: true } });
    const assets = (await readdir(path.join(dir, 'dist/assets'))).sort();
    const js = (await Promise.all(assets.filter((a) => a.endsWith('.js')).map((a) => readFile(path.join(dir, 'dist/assets', a), 'utf8')))).join('\n');
    const media = assets.filter((a) => !a.endsWith('.js')).map((a) => a.replace(/-[A-Za-z0-9_-]{8}\./, '-#.')).sort();
    expect(media).toEqual(['idle-#.png', 'idle-transparent-#.png', 'wave-hello-#.mov', 'wave-hello-#.mp4', 'wave-hello-#.webm']);
    for (const a of assets.filter((x) => !x.endsWith('.js'))) expect(js, a).toContain(`/assets/${a}`);
    expect(js).not.toContain('Waving hello');
    // The real sizes, read from the files the emulator rendered, are in the bundle.
    expect(js).toMatch(/width:512,height:512/);
    expect(js).toMatch(/width:256,height:256,duration:1/);
  }, 120_000);

  it('type-checks under its tsconfig (strict, isolatedDeclarations)', () => {
    const config = ts.getParsedCommandLineOfConfigFile(path.join(dir, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(String(d.messageText)); } })!;
    const program = ts.createProgram(config.fileNames, config.options);
    const errors = ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(config.fileNames.map((f) => path.relative(dir, f)).sort()).toEqual(['src/main.ts', 'src/mascot-assets.ts']);
    expect(errors).toEqual([]);
  }, 60_000);
});
