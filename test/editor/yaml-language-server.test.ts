// The editor sees what validate sees: yaml-language-server (the engine of VS Code's YAML extension
// and others), driven over stdio as an editor does, with the package's schema through the modeline
// `masko-sync init` writes, marks the path and field problems of a fixture at the lines validate does.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { LineIndex, loadManifest } from '../../src/manifest/index.js';
import { ROOT } from '../helpers/cli.js';
import { startYamlLanguageServer, type LspClient } from '../helpers/lsp.js';

const MODELINE = '# yaml-language-server: $schema=./node_modules/masko-sync/schema/masko.schema.json\n';
const fixture = readFileSync(path.join(ROOT, 'test/fixtures/manifests/editor/paths-and-fields.yaml'), 'utf8');

let project: string;
let lsp: LspClient;
beforeAll(async () => {
  // A project with the package installed as npm would (only the schema matters to the editor).
  project = mkdtempSync(path.join(os.tmpdir(), 'masko-editor-'));
  mkdirSync(path.join(project, 'node_modules/masko-sync'), { recursive: true });
  cpSync(path.join(ROOT, 'schema'), path.join(project, 'node_modules/masko-sync/schema'), { recursive: true });
  lsp = await startYamlLanguageServer(project);
});
afterAll(async () => {
  await lsp?.close();
  rmSync(project, { recursive: true, force: true });
});

/** 1-based lines of validate's diagnostics. */
function validateLines(text: string): number[] {
  const index = new LineIndex(text);
  return [...new Set(loadManifest(text).diagnostics.map((d) => index.position(d.start).line))].sort((a, b) => a - b);
}

describe('yaml-language-server with schema/masko.schema.json', () => {
  it('marks every path and field problem of the fixture at the lines validate reports, and nothing else', async () => {
    const text = MODELINE + fixture;
    const expected = validateLines(text);
    expect(expected.length).toBeGreaterThanOrEqual(15);
    const diagnostics = await lsp.open(path.join(project, 'masko.yaml'), text);
    const lines = [...new Set(diagnostics.map((d) => d.range.start.line + 1))].sort((a, b) => a - b);
    expect(lines).toEqual(expected);
  });

  it('words the problems in the user\'s terms, never "Matches a schema that is not allowed"', async () => {
    const diagnostics = await lsp.open(path.join(project, 'words.yaml'), MODELINE + fixture);
    const at = (line: number) => diagnostics.filter((d) => d.range.start.line + 1 === line + 1).map((d) => d.message);
    const lineOf = (needle: string) => fixture.split('\n').findIndex((l) => l.includes(needle)) + 1;
    expect(diagnostics.map((d) => d.message)).not.toContain('Matches a schema that is not allowed.');
    expect(at(lineOf('dir: C:'))).toContain('Starts with a drive letter: use a path relative to the folder of masko.yaml, e.g. "assets/mascot".');
    expect(at(lineOf('../shared'))).toContain('Leaves the project folder: output paths must stay inside the folder of masko.yaml.');
    expect(at(lineOf('a new first frame'))).toEqual([expect.stringMatching(/either from a prompt \(image_prompt\) or from an existing image \(source\), not both/)]);
    expect(at(lineOf('endless:'))).toContain('"end" needs "source": a transition goes from source to end.');
    expect(at(lineOf('BadId:'))).toContain('Not a valid asset id: use 1–64 lowercase letters, digits, "-" or "_", starting with a letter or digit.');
  });

  it('reports nothing on the valid examples', async () => {
    for (const example of ['examples/minimal/masko.yaml', 'examples/full/masko.yaml']) {
      const text = readFileSync(path.join(ROOT, example), 'utf8').replace(/^# yaml-language-server:.*\n/, '');
      expect(await lsp.open(path.join(project, example.replace(/\//g, '-')), MODELINE + text), example).toEqual([]);
    }
  });

  it('resolves the modeline init writes in a hoisted workspace (packages/app, the package at the root)', async () => {
    const app = path.join(project, 'packages', 'app');
    mkdirSync(app, { recursive: true });
    const code = await main(['init'], { cwd: app, env: {}, isTTY: false, stdout: () => undefined, stderr: () => undefined, signal: new AbortController().signal });
    expect(code).toBe(0);
    const written = readFileSync(path.join(app, 'masko.yaml'), 'utf8');
    expect(written.split('\n')[0]).toBe('# yaml-language-server: $schema=../../node_modules/masko-sync/schema/masko.schema.json');
    expect(await lsp.open(path.join(app, 'masko.yaml'), written)).toEqual([]);
    const broken = written.replace(/^version: 1$/m, 'version: 2');
    const diagnostics = await lsp.open(path.join(app, 'other.yaml'), broken);
    expect(diagnostics.map((d) => [d.range.start.line + 1, d.message])).toEqual([[broken.split('\n').indexOf('version: 2') + 1, 'Unsupported manifest version: this masko-sync reads version 1.']]);
  });

  it('completes asset shapes by their titles, never by $defs names', async () => {
    const file = path.join(project, 'complete.yaml');
    await lsp.open(file, `${MODELINE}version: 1\ncollection: c\nassets:\n  dance:\n    type: animation\n    \n`);
    const labels = (await lsp.completion(file, 6, 4)).map((i) => i.label);
    expect(labels).toEqual(expect.arrayContaining(['animation_prompt', 'source', 'end', 'Animation']));
    expect(labels.filter((l) => /Asset$|^asset$/.test(l))).toEqual([]);
  });
});
