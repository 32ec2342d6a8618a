// The generated module and a consumer of it pass `tsc --strict --isolatedDeclarations` (explicit
// types on every export), in every files mode; the types are precise enough to catch misuse.
import { writeFile } from 'node:fs/promises';
import { ESLint } from 'eslint';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { writeOutputs } from '../../src/outputs/write-outputs.js';
import { fixtureProject, REPO_TMP, type FixtureProject } from './fixture-project.js';

const manifest = (files: string) => `version: 1
collection: col_x
output:
  dir: src/mascot
  typescript: { path: src/mascot-assets.ts, files: ${files} }
${files === 'public' ? '  public_path: /mascot\n' : ''}assets:
  idle: { type: image, image_prompt: idle }
  wave-santa: { type: edit, source: idle, edit_instructions: hat }
  dance: { type: animation, image_prompt: d, animation_prompt: dance }
  default: { type: logo, logo_description: a, logo_style_name: b, logo_style_instruction: c }
`;

const consumer = `import {
  dance,
  defaultAsset,
  idle,
  maskoAssets,
  waveSanta,
  type MaskoAsset,
  type MaskoAssetId,
} from "./mascot-assets";

export const src: string = idle.files.image.src;
export const width: number | undefined = idle.files.transparent_image.width;
export const clip: string = dance.files.webm.src;
export const ids: MaskoAssetId[] = ["idle", "wave-santa", "dance", "default"];
export const statuses: string[] = [waveSanta.status, defaultAsset.status];

export function pick(id: MaskoAssetId): MaskoAsset {
  return maskoAssets[id];
}

// @ts-expect-error a failed asset has no files
export const none: unknown = waveSanta.files.image;
// @ts-expect-error an id that is not in masko.yaml
export const unknown: MaskoAssetId = "nope";
`;

function typecheck(files: string[], types: string[]): string[] {
  const program = ts.createProgram(files, {
    strict: true,
    isolatedDeclarations: true,
    declaration: true,
    noEmit: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    types,
    skipLibCheck: true,
  });
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

const projects: FixtureProject[] = [];
afterAll(async () => Promise.all(projects.map((p) => p.cleanup())));

describe('tsc --strict --isolatedDeclarations', () => {
  for (const mode of ['url', 'import', 'cdn', 'public'] as const) {
    it(`passes on the module and a consumer (files: ${mode})`, async () => {
      const p = await fixtureProject(manifest(mode), { statuses: { 'wave-santa': 'failed', default: 'pending' }, parent: REPO_TMP });
      projects.push(p);
      await writeOutputs(p.dir, p.manifest, p.lock);
      await writeFile(p.abs('src/consumer.ts'), consumer);
      // Importing a .png needs the bundler's asset types; the other modes need none.
      const errors = typecheck([p.abs('src/mascot-assets.ts'), p.abs('src/consumer.ts')], mode === 'import' ? ['vite/client'] : []);
      expect(errors).toEqual([]);
    }, 60_000);
  }

  it('passes eslint with typescript-eslint\'s recommended rules (the repository\'s config)', async () => {
    const p = await fixtureProject(manifest('import'), { statuses: { 'wave-santa': 'failed', default: 'missing' }, parent: REPO_TMP });
    projects.push(p);
    await writeOutputs(p.dir, p.manifest, p.lock);
    const results = await new ESLint({ cwd: new URL('../..', import.meta.url).pathname }).lintFiles([p.abs('src/mascot-assets.ts')]);
    expect(results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`))).toEqual([]);
  }, 60_000);

  it('fails when the consumer misuses a type (the check can fail)', async () => {
    const p = await fixtureProject(manifest('url'), { parent: REPO_TMP });
    projects.push(p);
    await writeOutputs(p.dir, p.manifest, p.lock);
    await writeFile(p.abs('src/consumer.ts'), `import { idle } from "./mascot-assets";\nexport const n: number = idle.files.image.src;\nexport const x = idle;\n`);
    const errors = typecheck([p.abs('src/mascot-assets.ts'), p.abs('src/consumer.ts')], []);
    expect(errors.join('\n')).toMatch(/Type 'string' is not assignable to type 'number'/);
    expect(errors.join('\n')).toMatch(/isolatedDeclarations/);
  }, 60_000);
});
