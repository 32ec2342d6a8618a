// masko.yaml's app-output fields: `output.typescript` as a path or {path, files}, and
// `output.public_path`, normalised and checked with clear diagnostics at the right place.
import { describe, expect, it } from 'vitest';
import { loadManifest } from '../../src/manifest/index.js';
import { moduleFilesMode } from '../../src/outputs/write-outputs.js';

const manifest = (output: string, extra = '') =>
  `version: 1\ncollection: col_x\noutput:\n${output}\nassets:\n  idle: { type: image, image_prompt: idle }\n${extra}`;

function load(output: string, extra = '') {
  const text = manifest(output, extra);
  const r = loadManifest(text);
  return { ...r, at: r.diagnostics.map((d) => ({ code: d.code, text: text.slice(d.start, d.end), message: d.message, hint: d.hint })) };
}

describe('output.typescript and output.public_path', () => {
  it('normalises both forms; the string form keeps its old shape', () => {
    expect(load('  typescript: ./src//assets.ts').manifest?.output).toEqual({ dir: 'masko-assets', typescript: 'src/assets.ts', gallery: false });
    expect(load('  dir: public/mascot\n  typescript: { path: src/a.ts, files: import }\n  public_path: /mascot/').manifest?.output).toEqual({
      dir: 'public/mascot',
      typescript: 'src/a.ts',
      typescriptFiles: 'import',
      publicPath: '/mascot',
      gallery: false,
    });
  });

  it('defaults files to public with a public path, else url', () => {
    expect(moduleFilesMode(load('  typescript: src/a.ts').manifest!)).toBe('url');
    expect(moduleFilesMode(load('  typescript: src/a.ts\n  public_path: https://cdn.example.com/m').manifest!)).toBe('public');
    expect(moduleFilesMode(load('  typescript: { path: src/a.ts, files: cdn }\n  public_path: /m').manifest!)).toBe('cdn');
  });

  it('reports bad values where they are written', () => {
    expect(load('  typescript: { path: src/a.js }').at).toEqual([{ code: 'SCHEMA_VALUE', text: 'src/a.js', message: '"output.typescript.path" must name a .ts file', hint: undefined }]);
    expect(load('  typescript: { path: src/a.ts, files: imports }').at).toMatchObject([{ code: 'SCHEMA_ENUM', text: 'imports', hint: 'Did you mean "import"?' }]);
    expect(load('  typescript: { files: url }').at).toMatchObject([{ code: 'SCHEMA_REQUIRED', message: '"output.typescript" is missing the required field "path"' }]);
    expect(load('  typescript: { path: ../a.ts }').at).toMatchObject([{ code: 'OUTPUT_PATH_ESCAPES', text: '../a.ts' }]);
    expect(load('  typescript: 5').at).toMatchObject([{ code: 'SCHEMA_TYPE', text: '5' }]);
    expect(load('  public_path: mascot').at).toMatchObject([{ code: 'SCHEMA_VALUE', text: 'mascot', message: '"output.public_path" must start with "/" or "https://"' }]);
  });

  it('needs a public path for files: public, and every asset under output.dir with one', () => {
    expect(load('  typescript: { path: src/a.ts, files: public }').at).toMatchObject([{ code: 'SCHEMA_VALUE', text: 'public', message: '"output.typescript.files: public" needs "output.public_path"' }]);
    const logo = '  logo: { type: logo, output: brand, logo_description: a, logo_style_name: b, logo_style_instruction: c }\n';
    expect(load('  dir: public/mascot\n  public_path: /mascot', logo).at).toMatchObject([
      { code: 'SCHEMA_VALUE', text: 'brand', hint: 'Use a folder inside "public/mascot", e.g. "public/mascot/brand".' },
    ]);
    expect(load('  dir: public/mascot\n  public_path: /mascot', logo.replace('output: brand', 'output: public/mascot/brand')).diagnostics).toEqual([]);
    // Without a public path an asset may live anywhere in the project, as before.
    expect(load('  dir: public/mascot', logo).diagnostics).toEqual([]);
  });
});
