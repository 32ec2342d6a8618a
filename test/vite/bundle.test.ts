// A consumer that imports two assets, built with Vite: the bundle holds only those two (the
// module is tree-shakable), their files are emitted with hashed names, and with the plugin no
// file of an unused asset is emitted. The same for the plugin's virtual module.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build, type Plugin } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { writeOutputs } from '../../src/outputs/write-outputs.js';
import { masko } from '../../src/vite/index.js';
import { fixtureProject, type FixtureProject } from '../outputs/fixture-project.js';

const manifest = (files: string) => `version: 1
collection: col_x
output:
  dir: src/mascot
  typescript: { path: src/mascot-assets.ts, files: ${files} }
assets:
  idle: { type: image, image_prompt: idle }
  wave: { type: image, image_prompt: wave }
  sleepy-fox: { type: image, image_prompt: sleepy }
  jumping-jack: { type: image, image_prompt: jump }
  logo-mark: { type: logo, logo_description: a, logo_style_name: b, logo_style_instruction: c }
  broken-one: { type: edit, source: wave, edit_instructions: fails }
`;
const UNUSED = ['sleepy', 'jumping', 'logo-mark', 'logoMark', 'broken'];

const projects: FixtureProject[] = [];
afterAll(async () => Promise.all(projects.map((p) => p.cleanup())));

async function project(files: string, from: string): Promise<FixtureProject> {
  const p = await fixtureProject(manifest(files), { statuses: { 'broken-one': 'failed' } });
  projects.push(p);
  await writeOutputs(p.dir, p.manifest, p.lock);
  await writeFile(p.abs('index.html'), '<!doctype html><div id="app"></div><script type="module" src="/src/main.ts"></script>\n');
  await writeFile(
    p.abs('src/main.ts'),
    `import { idle, wave } from ${JSON.stringify(from)};\n` +
      `const app = document.getElementById("app")!;\n` +
      `for (const a of [idle, wave]) app.insertAdjacentHTML("beforeend", \`<img alt="\${a.id}" src="\${a.files.image.src}" width="\${a.files.image.width}">\`);\n`,
  );
  return p;
}

async function bundle(p: FixtureProject, plugins: Plugin[]): Promise<{ js: string; assets: string[] }> {
  await build({ root: p.dir, configFile: false, logLevel: 'silent', plugins, build: { outDir: 'dist', emptyOutDir: true } });
  const assets = (await readdir(p.abs('dist/assets'))).sort();
  const js = (await Promise.all(assets.filter((a) => a.endsWith('.js')).map((a) => readFile(p.abs(`dist/assets/${a}`), 'utf8')))).join('\n');
  return { js, assets: assets.filter((a) => !a.endsWith('.js')) };
}

function expectOnlyIdleAndWave(js: string, assets: string[], exact: boolean): void {
  for (const word of UNUSED) expect(js, word).not.toContain(word);
  for (const id of ['idle', 'wave']) {
    const hashed = assets.filter((a) => new RegExp(`^${id}(-transparent)?-[A-Za-z0-9_-]{8}\\.png$`).test(a));
    expect(hashed.length, `${id} files emitted with hashed names`).toBe(2);
    for (const file of hashed) expect(js, file).toContain(`/assets/${file}`);
  }
  // Only the two assets' files (image and transparent_image of each) were emitted.
  if (exact) expect(assets.length).toBe(4);
}

describe('Vite build of a consumer of the generated module', () => {
  for (const mode of ['import', 'url'] as const) {
    it(`bundles only the two imported assets (files: ${mode})`, async () => {
      const p = await project(mode, './mascot-assets');
      const plain = await bundle(p, []);
      expectOnlyIdleAndWave(plain.js, plain.assets, false);
      // With the plugin, the unused assets' files are not emitted either.
      const pruned = await bundle(p, [masko({ dts: false })]);
      expectOnlyIdleAndWave(pruned.js, pruned.assets, true);
      expect(pruned.js).toContain('width="${');
    }, 60_000);
  }

  it('bundles only the two imported assets from the virtual module', async () => {
    const p = await project('import', 'virtual:masko-assets');
    const out = await bundle(p, [masko({ dts: 'src/masko-assets.d.ts' })]);
    expectOnlyIdleAndWave(out.js, out.assets, true);
    expect(out.js).toContain('96'); // the width read from the PNG
    const dts = await readFile(p.abs('src/masko-assets.d.ts'), 'utf8');
    expect(dts).toContain('declare module "virtual:masko-assets" {');
    expect(dts).toContain('export const sleepyFox: MaskoAsset<"sleepy-fox">;');
    expect(dts).toContain('export const brokenOne: MaskoAsset<"broken-one">;');
    expect(path.basename(p.dir)).toMatch(/^masko-outputs-/);
  }, 60_000);
});
