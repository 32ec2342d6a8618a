import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeManifestBytes, loadManifestFile } from '../../src/operations/load-manifest-file.js';
import { LineIndex, loadManifest, renderDiagnostics } from '../../src/manifest/index.js';

const VALID = `version: 1
collection: col_1
assets:
  idle: { type: image, image_prompt: standing }
  wave: { type: image, image_prompt: waving }
`;

const codes = (text: string) => loadManifest(text).diagnostics.map((d) => d.code);
const lineOf = (text: string, offset: number) => new LineIndex(text).position(offset);

describe('YAML edge cases', () => {
  it('rejects tabs used as indentation, with the position of the tab', () => {
    const text = 'version: 1\ncollection: col_1\nassets:\n\tidle: { type: image, image_prompt: x }\n';
    const r = loadManifest(text);
    expect(r.manifest).toBeUndefined();
    expect(r.diagnostics[0]!.code).toBe('YAML_SYNTAX');
    expect(lineOf(text, r.diagnostics[0]!.start)).toEqual({ line: 4, column: 1 });
  });

  it('places an error found only at the end of the file (an unclosed quote or brace) after its last character, with a caret there', () => {
    for (const tail of ['\n', '\n\n\n', '']) {
      const text = `version: 1\ncollection: col_1\nassets:\n  a: { type: image, image_prompt: "hello${tail}`;
      const r = loadManifest(text);
      expect(r.diagnostics.length).toBeGreaterThan(0);
      for (const d of r.diagnostics) expect(lineOf(text, d.start)).toEqual({ line: 4, column: 41 });
      expect(renderDiagnostics(text, 'masko.yaml', r.diagnostics)).toContain('4 |   a: { type: image, image_prompt: "hello\n  |                                         ^');
    }
  });

  it('accepts tabs inside values and comments', () => {
    expect(loadManifest(VALID.replace('standing', 'standing\tstill') + '#\tcomment\n').manifest).toBeDefined();
  });

  it('expands anchors, aliases and merge keys, and points into the anchored text', () => {
    const text = `version: 1
collection: col_1
assets:
  idle: &base { type: image, image_prompt: standing }
  idle-copy: *base
  wave:
    <<: *base
    image_prompt: waving
  clip: &clip { type: animation, source: idle, animation_prompt: go, duration: 4 }
  clip-2:
    <<: *clip
    duration: 99
`;
    const r = loadManifest(text);
    expect(r.diagnostics.map((d) => [d.code, lineOf(text, d.start).line])).toEqual([['DURATION_OUT_OF_RANGE', 12]]);
    const fixed = loadManifest(text.replace('duration: 99', 'duration: 6'));
    expect(fixed.manifest!.assets['idle-copy']).toMatchObject({ kind: 'image', image_prompt: 'standing' });
    expect(fixed.manifest!.assets.wave).toMatchObject({ kind: 'image', image_prompt: 'waving' });
    expect(fixed.manifest!.assets['clip-2']).toMatchObject({ kind: 'animate', duration: 6, source: { kind: 'local', id: 'idle' } });
  });

  it('locates an error inherited through a merge key at the anchored mapping', () => {
    const text = `version: 1
collection: col_1
assets:
  a: &bad { type: image, image_prompt: x, colour: red }
  b: { <<: *bad, image_prompt: y }
`;
    const r = loadManifest(text);
    expect(r.diagnostics.map((d) => [d.code, lineOf(text, d.start).line])).toEqual([
      ['SCHEMA_UNKNOWN_PROPERTY', 4],
      ['SCHEMA_UNKNOWN_PROPERTY', 4],
    ]);
  });

  it('stops alias bombs with a diagnostic instead of expanding them', () => {
    const lines = ['version: 1', 'collection: col_1', 'x0: &x0 [a, a, a, a, a, a, a, a, a, a]'];
    for (let i = 1; i < 12; i++) lines.push(`x${i}: &x${i} [${Array(10).fill(`*x${i - 1}`).join(', ')}]`);
    lines.push('assets: {}');
    const r = loadManifest(lines.join('\n'));
    expect(r.manifest).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toContain('YAML_SYNTAX');
  });

  it('rejects several documents in one file', () => {
    expect(codes(VALID + '---\nversion: 1\n')).toEqual(['YAML_SYNTAX']);
    // A single document may start with an explicit "---" marker.
    expect(loadManifest('---\n' + VALID).manifest).toBeDefined();
  });

  it('reports an empty file, a comments-only file and a null document as EMPTY_MANIFEST', () => {
    for (const text of ['', '\n\n', '# just a comment\n', '~\n', 'null\n', '---\n']) expect(codes(text)).toEqual(['EMPTY_MANIFEST']);
  });

  it('gives an empty manifest a fix that works: init never writes over the file that is there', () => {
    for (const text of ['', '# just a comment\n', '~\n']) {
      const hint = loadManifest(text).diagnostics[0]?.hint ?? '';
      expect(hint).toMatch(/^Delete this file and run `masko-sync init`/);
      expect(hint).toContain('`version: 1`');
    }
  });

  it('reports a document that is not a mapping as a type error', () => {
    expect(codes('- a\n- b\n')).toEqual(['SCHEMA_TYPE']);
    expect(codes('just text\n')).toEqual(['SCHEMA_TYPE']);
  });

  it('loads a very large manifest (5,000 assets, ~300 KiB) and finds one bad reference in it', () => {
    const lines = ['version: 1', 'collection: col_1', 'assets:'];
    for (let i = 0; i < 5000; i++) lines.push(`  a${i}: { type: image, image_prompt: pose number ${i} with a long description of the mascot doing things }`);
    lines.push('  bad: { type: edit, source: a50000, edit_instructions: x }');
    const text = lines.join('\n') + '\n';
    expect(text.length).toBeGreaterThan(300_000);
    const r = loadManifest(text);
    expect(r.diagnostics.map((d) => [d.code, lineOf(text, d.start).line])).toEqual([['UNKNOWN_SOURCE', 5004]]);
    expect(Object.keys(loadManifest(text.replace('a50000', 'a4999')).manifest!.assets)).toHaveLength(5001);
  });

  it('accepts a BOM in the text and does not count it as a column', () => {
    const text = '\uFEFF' + VALID.replace('version: 1', 'version: 3');
    const r = loadManifest(text);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['UNSUPPORTED_VERSION']);
    expect(lineOf(text, r.diagnostics[0]!.start)).toEqual({ line: 1, column: 10 });
    expect(loadManifest('\uFEFF' + VALID).manifest).toBeDefined();
  });

  it('handles CRLF line endings: same manifest, right lines and columns, no \\r in rendering', () => {
    const crlf = VALID.replace(/\n/g, '\r\n');
    expect(JSON.stringify(loadManifest(crlf).manifest?.assets.idle, (k, v: unknown) => (k === 'span' ? undefined : v))).toBe(
      JSON.stringify(loadManifest(VALID).manifest?.assets.idle, (k, v: unknown) => (k === 'span' ? undefined : v)),
    );
    const bad = crlf.replace('image_prompt: waving', 'image_prompt: waving, source: idle');
    const r = loadManifest(bad);
    expect(r.diagnostics.map((d) => [d.code, lineOf(bad, d.start)])).toEqual([['INVALID_SHAPE', { line: 5, column: 46 }]]);
    expect(renderDiagnostics(bad, 'masko.yaml', r.diagnostics)).not.toContain('\r');
  });

  it('strips a BOM and keeps CRLF when decoding bytes', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(VALID.replace(/\n/g, '\r\n'))]);
    const decoded = decodeManifestBytes(bytes);
    expect(decoded.diagnostics).toEqual([]);
    expect(decoded.text.startsWith('version')).toBe(true);
    expect(loadManifest(decoded.text).manifest).toBeDefined();
  });

  it('reports non-UTF-8 bytes at the first bad byte (through the file loader)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'masko-yaml-'));
    const file = path.join(dir, 'masko.yaml');
    // "café" in Latin-1 on line 4: 0xE9 is not valid UTF-8 there.
    writeFileSync(file, Buffer.concat([Buffer.from('version: 1\ncollection: col_1\nassets:\n  a: { type: image, image_prompt: caf'), Buffer.from([0xe9]), Buffer.from(' }\n')]));
    const loaded = await loadManifestFile(file, 'masko.yaml');
    expect(loaded.manifest).toBeUndefined();
    expect(loaded.diagnostics.map((d) => d.code)).toEqual(['YAML_SYNTAX']);
    expect(loaded.error).toMatch(/UTF-8/);
    expect(lineOf(loaded.text, loaded.diagnostics[0]!.start)).toEqual({ line: 4, column: 38 });
    expect(renderDiagnostics(loaded.text, loaded.file, loaded.diagnostics)).toContain('masko.yaml:4:38 error YAML_SYNTAX: the file is not valid UTF-8 (byte 0xe9');
  });

  it('recognises UTF-16 files and truncated or overlong UTF-8 sequences', () => {
    expect(decodeManifestBytes(Buffer.from('\uFEFFversion: 1', 'utf16le')).diagnostics[0]!.message).toMatch(/UTF-16/);
    expect(decodeManifestBytes(Buffer.from([0x61, 0x62, 0xe2, 0x82])).diagnostics[0]).toMatchObject({ code: 'YAML_SYNTAX', start: 2 });
    expect(decodeManifestBytes(Buffer.from([0x61, 0xc0, 0xaf])).diagnostics[0]).toMatchObject({ start: 1 });
    expect(decodeManifestBytes(Buffer.from('héllo ✓ 🦊')).diagnostics).toEqual([]);
  });

  it('reports duplicate keys in every mapping but still checks the rest', () => {
    const text = `version: 1
collection: col_1
collection: col_2
assets:
  a: { type: image, image_prompt: x, image_prompt: y }
  b: { type: edit, source: nope, edit_instructions: x }
`;
    expect(loadManifest(text).diagnostics.map((d) => [d.code, lineOf(text, d.start).line])).toEqual([
      ['DUPLICATE_KEY', 3],
      ['DUPLICATE_KEY', 5],
      ['UNKNOWN_SOURCE', 6],
    ]);
  });

  it('treats non-string scalar keys as ids and numbers as they are', () => {
    const r = loadManifest('version: 1\ncollection: col_1\nassets:\n  123: { type: image, image_prompt: x }\n  true: { type: image, image_prompt: 42 }\n');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['SCHEMA_TYPE']);
  });
});
