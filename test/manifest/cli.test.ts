// The validate and init commands, in-process through main() with captured output and a temp cwd.
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { STARTER_MANIFEST, starterManifest } from '../../src/cli/commands/init.js';
import { main } from '../../src/cli/main.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));

async function run(argv: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { cwd, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), isTTY: false, env: {} });
  return { code, stdout, stderr };
}

const tmp = () => mkdtempSync(path.join(tmpdir(), 'masko-cli-'));

describe('masko-sync validate', () => {
  it('exits 0 on a valid manifest with a one-line summary on stderr and nothing on stdout', async () => {
    const dir = tmp();
    copyFileSync(path.join(repo, 'examples/full/masko.yaml'), path.join(dir, 'masko.yaml'));
    const r = await run(['validate'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('masko.yaml is valid: 9 assets in 3 waves.\n');
  });

  it('exits 4 on an invalid manifest, rendering every diagnostic then a summary', async () => {
    const dir = tmp();
    copyFileSync(path.join(repo, 'test/fixtures/manifests/invalid/unknown-refs.yaml'), path.join(dir, 'masko.yaml'));
    const r = await run(['validate'], dir);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('masko.yaml:6:45 error UNKNOWN_SOURCE: asset "wave-animated" animates "wavee", which is not defined. Did you mean "wave"?');
    expect(r.stderr).toContain('  |                                             ^^^^^');
    expect(r.stderr.trimEnd().split('\n').pop()).toBe('masko.yaml is invalid: 3 errors.');
  });

  it('plan says of the same invalid manifest what validate says, and that nothing was done', async () => {
    const dir = tmp();
    copyFileSync(path.join(repo, 'test/fixtures/manifests/invalid/unknown-refs.yaml'), path.join(dir, 'masko.yaml'));
    const r = await run(['plan'], dir);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('masko.yaml:6:45 error UNKNOWN_SOURCE');
    expect(r.stderr.trimEnd().split('\n').pop()).toBe('error: masko.yaml is invalid: 3 errors; nothing was done');
  });

  it('--json prints {valid, diagnostics} on stdout only', async () => {
    const dir = tmp();
    mkdirSync(path.join(dir, 'cfg'));
    writeFileSync(path.join(dir, 'cfg/m.yaml'), 'version: 1\ncollection: c\nassets:\n  a: { type: edit, source: b, edit_instructions: x }\n');
    const r = await run(['validate', '-f', 'cfg/m.yaml', '--json'], dir);
    expect(r.code).toBe(4);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({
      valid: false,
      diagnostics: [{ code: 'UNKNOWN_SOURCE', severity: 'error', message: expect.stringContaining('"b"'), file: 'cfg/m.yaml', line: 4, column: 28 }],
    });
    const ok = await run(['validate', '--json', '--file', path.join(repo, 'examples/minimal/masko.yaml')], dir);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({ valid: true, diagnostics: [] });
  });

  it('reports a missing source file in the same pass as the manifest\'s other errors', async () => {
    const dir = tmp();
    mkdirSync(path.join(dir, 'art'));
    writeFileSync(path.join(dir, 'art/front.png'), Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
    writeFileSync(
      path.join(dir, 'masko.yaml'),
      'version: 1\ncollection:\n  name: Fox\n  description: a fox\n  references: [./art/front.png, ./art/gone.png]\nassets:\n  a: { type: animation, source: ./art/missing.png, animation_prompt: x, colour: red }\n  b: { type: animation, source: ./art/front.png, animation_prompt: y }\n',
    );
    const r = await run(['validate', '--json'], dir);
    expect(r.code).toBe(4);
    const { diagnostics } = JSON.parse(r.stdout) as { diagnostics: Array<{ code: string; message: string; line: number }> };
    expect(diagnostics.map((d) => [d.code, d.line])).toEqual([
      ['SOURCE_FILE_MISSING', 5],
      ['SOURCE_FILE_MISSING', 7],
      ['SCHEMA_UNKNOWN_PROPERTY', 7],
    ]);
    expect(diagnostics.filter((d) => d.code === 'SOURCE_FILE_MISSING').map((d) => d.message)).toEqual([
      '"collection.references.1": art/gone.png does not exist. Check the path: it is relative to the folder of masko.yaml.',
      'asset "a" field "source": art/missing.png does not exist. Check the path: it is relative to the folder of masko.yaml.',
    ]);
  });

  it('exits 4 with a clear message when the file does not exist', async () => {
    const r = await run(['validate'], tmp());
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/masko\.yaml not found.*masko-sync init/);
  });

  it('reports a file with bad bytes as invalid', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'masko.yaml'), Buffer.from([0x76, 0x3a, 0x20, 0xff, 0x0a]));
    const r = await run(['validate', '--json'], dir);
    expect(r.code).toBe(4);
    expect(JSON.parse(r.stdout).diagnostics[0]).toMatchObject({ code: 'YAML_SYNTAX', line: 1, column: 4 });
  });
});

describe('masko-sync init', () => {
  it('writes the starter manifest, which validates', async () => {
    const dir = tmp();
    const r = await run(['init'], dir);
    expect(r.code).toBe(0);
    const text = readFileSync(path.join(dir, 'masko.yaml'), 'utf8');
    // No node_modules/masko-sync above the temp folder: the modeline names this version on the CDN.
    const version = (JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { version: string }).version;
    expect(text).toBe(starterManifest(`https://cdn.jsdelivr.net/npm/masko-sync@${version}`));
    expect(text.split('\n')[0]).toBe(`# yaml-language-server: $schema=https://cdn.jsdelivr.net/npm/masko-sync@${version}/schema/masko.schema.json`);
    expect(STARTER_MANIFEST.split('\n')[0]).toBe('# yaml-language-server: $schema=./node_modules/masko-sync/schema/masko.schema.json');
    expect((await run(['validate'], dir)).code).toBe(0);
  });

  it('never overwrites an existing file (exit 4) and honours -f with new folders', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'masko.yaml'), 'mine\n');
    const r = await run(['init'], dir);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/already exists/);
    expect(readFileSync(path.join(dir, 'masko.yaml'), 'utf8')).toBe('mine\n');
    expect((await run(['init', '-f', 'sub/dir/m.yaml'], dir)).code).toBe(0);
    expect((await run(['validate', '-f', 'sub/dir/m.yaml'], dir)).code).toBe(0);
  });
});
