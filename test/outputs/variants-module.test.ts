// Variants in the outputs: the index lists each with size/format, MIME, bytes, sha256 and the pixel
// size read from the file; the module nests them (`files.image.sizes[64].formats.webp`), typed, printed
// as prettier prints it; derived files are made by writeOutputs from what masko.lock records.
import { readFile, writeFile } from 'node:fs/promises';
import { Ajv2020 } from 'ajv/dist/2020.js';
import * as prettier from 'prettier';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { wantedVariants } from '../../src/manifest/variant-keys.js';
import { serializeLock } from '../../src/lockfile/index.js';
import type { AssetIndex } from '../../src/outputs/asset-index.js';
import { writeOutputs } from '../../src/outputs/write-outputs.js';
import { expectedPath } from '../../src/plan/file-names.js';
import { fixtureProject, REPO_TMP, type FixtureProject } from './fixture-project.js';

const manifest = (files: string) => `version: 1
collection: col_x
output:
  dir: src/mascot
  typescript: { path: src/mascot-assets.ts, files: ${files} }
${files === 'public' ? '  public_path: /mascot\n' : ''}assets:
  idle: { type: image, image_prompt: idle, sizes: [64, 32], formats: [webp, avif] }
  dance: { type: animation, image_prompt: d, animation_prompt: dance }
`;

const consumer = `import { dance, idle } from "./mascot-assets";

export const small: string = idle.files.image.sizes[64].src;
export const webp: string = idle.files.image.formats.webp.src;
export const tiny: number | undefined = idle.files.transparent_image.sizes[32].formats.avif.width;
export const still: string = dance.files.image.src;

// @ts-expect-error a width that is not in sizes
export const wrong: unknown = idle.files.image.sizes[100];
// @ts-expect-error a format that is not in formats
export const gif: unknown = idle.files.image.formats.gif;
// @ts-expect-error an asset without sizes has none
export const noSizes: unknown = dance.files.video.sizes;
`;

function typecheck(files: string[]): string[] {
  const program = ts.createProgram(files, {
    strict: true, isolatedDeclarations: true, declaration: true, noEmit: true, noUncheckedIndexedAccess: true, exactOptionalPropertyTypes: true,
    target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'], types: [], skipLibCheck: true,
  });
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

/** A synced project whose lock records every variant of idle as derived (the API made none). */
async function project(files: string): Promise<FixtureProject> {
  const p = await fixtureProject(manifest(files), { parent: REPO_TMP });
  const idle = p.manifest.assets.idle!;
  p.lock.assets.idle!.derived = Object.fromEntries(wantedVariants(idle, ['image', 'transparent_image']).map((k) => [k, { path: expectedPath(idle, k, 'png') }]));
  await writeFile(p.abs('masko.lock'), serializeLock(p.lock));
  projects.push(p);
  return p;
}

const schema = JSON.parse(await readFile(new URL('../../schema/masko-assets.schema.json', import.meta.url), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

const projects: FixtureProject[] = [];
afterAll(async () => Promise.all(projects.map((p) => p.cleanup())));

describe('variants in the index and the module', () => {
  it('writeOutputs makes the recorded derived files, and the index describes each from the file itself', async () => {
    const p = await project('url');
    await writeOutputs(p.dir, p.manifest, p.lock);
    const index = JSON.parse(await readFile(p.abs('src/mascot/masko-assets.json'), 'utf8')) as AssetIndex;
    expect(validate(index), JSON.stringify(validate.errors)).toBe(true);
    const files = index.assets.idle!.files;
    expect(Object.keys(files)).toEqual([
      'image', 'image.avif', 'image.webp', 'image@32', 'image@32.avif', 'image@32.webp', 'image@64', 'image@64.avif', 'image@64.webp',
      'transparent_image', 'transparent_image.avif', 'transparent_image.webp', 'transparent_image@32', 'transparent_image@32.avif', 'transparent_image@32.webp',
      'transparent_image@64', 'transparent_image@64.avif', 'transparent_image@64.webp',
    ]);
    // The fixture's PNGs are 96×80: a 64 px variant is 64×53 (rounded as libvips rounds).
    expect(files['image@64.webp']).toMatchObject({ path: 'src/mascot/idle-64.webp', file: 'idle-64.webp', mime: 'image/webp', variant_of: 'image', size: 64, format: 'webp', derived: true, width: 64, height: 53 });
    expect(files['image@64.webp']!.url).toBeUndefined();
    expect(files['transparent_image.avif']).toMatchObject({ mime: 'image/avif', format: 'avif', width: 96, height: 80, variant_of: 'transparent_image' });
    expect(files['image@32']).toMatchObject({ mime: 'image/png', format: 'png', size: 32, width: 32, height: 27 });
    expect(files.image!.variant_of).toBeUndefined();
    for (const f of Object.values(files)) {
      expect(f.bytes).toBe((await readFile(p.abs(f.path))).length);
      expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    // Made once: a second write finds them current (same bytes, nothing rewritten).
    expect(await writeOutputs(p.dir, p.manifest, p.lock)).toEqual([]);
  }, 60_000);

  for (const mode of ['url', 'import', 'public'] as const) {
    it(`the module nests sizes and formats, typed and prettier-clean (files: ${mode})`, async () => {
      const p = await project(mode);
      await writeOutputs(p.dir, p.manifest, p.lock);
      const text = await readFile(p.abs('src/mascot-assets.ts'), 'utf8');
      expect(await prettier.format(text, { parser: 'typescript' })).toBe(text);
      expect(text).toContain('image: MaskoVariants<32 | 64, "avif" | "webp">;');
      await writeFile(p.abs('src/consumer.ts'), consumer);
      if (mode === 'import') await writeFile(p.abs('src/assets.d.ts'), 'declare module "*.png" { const src: string; export default src; }\ndeclare module "*.webp" { const src: string; export default src; }\ndeclare module "*.avif" { const src: string; export default src; }\ndeclare module "*.mp4" { const src: string; export default src; }\ndeclare module "*.webm" { const src: string; export default src; }\ndeclare module "*.mov" { const src: string; export default src; }\n');
      const extra = mode === 'import' ? [p.abs('src/assets.d.ts')] : [];
      expect(typecheck([p.abs('src/mascot-assets.ts'), p.abs('src/consumer.ts'), ...extra])).toEqual([]);
    }, 60_000);
  }

  it('files: cdn lists only files with a CDN URL: derived variants exist only on disk', async () => {
    const p = await project('cdn');
    await writeOutputs(p.dir, p.manifest, p.lock);
    const text = await readFile(p.abs('src/mascot-assets.ts'), 'utf8');
    expect(text).not.toContain('MaskoVariants');
    await writeFile(p.abs('src/consumer.ts'), 'import { idle } from "./mascot-assets";\n// @ts-expect-error derived files have no CDN URL\nexport const x: unknown = idle.files.image.formats;\n');
    expect(typecheck([p.abs('src/mascot-assets.ts'), p.abs('src/consumer.ts')])).toEqual([]);
  }, 60_000);
});
