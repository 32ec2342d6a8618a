import { describe, expect, it } from 'vitest';
import { loadManifest, renderDiagnostics, toRenderedDiagnostics } from '../../src/manifest/index.js';
import type { Diagnostic } from '../../src/model/diagnostic.js';

const TEXT = `version: 1
collection: col_1
assets:
  wave: { type: image, image_prompt: waving }
  wave-animated: { type: animation, source: wavee, animation_prompt: waving smoothly }
`;

describe('renderDiagnostics', () => {
  it('prints file:line:col, severity, code, message, hint, the source line and a caret under the span', () => {
    const { diagnostics } = loadManifest(TEXT);
    expect(renderDiagnostics(TEXT, 'masko.yaml', diagnostics)).toBe(
      [
        'masko.yaml:5:45 error UNKNOWN_SOURCE: asset "wave-animated" animates "wavee", which is not defined. Did you mean "wave"?',
        '5 |   wave-animated: { type: animation, source: wavee, animation_prompt: waving smoothly }',
        '  |                                             ^^^^^',
        '',
      ].join('\n'),
    );
  });

  it('separates several diagnostics by a blank line, in text order', () => {
    const text = TEXT.replace('version: 1', 'version: 2').replace('waving }', 'waving, colour: red }');
    const out = renderDiagnostics(text, 'm.yaml', loadManifest(text).diagnostics);
    expect(out.split('\n\n').map((b) => b.split(' ')[0])).toEqual(['m.yaml:1:10', 'm.yaml:4:46', 'm.yaml:5:45']);
  });

  it('colours only when asked', () => {
    const { diagnostics } = loadManifest(TEXT);
    expect(renderDiagnostics(TEXT, 'masko.yaml', diagnostics, { color: false })).not.toContain('\u001b[');
    expect(renderDiagnostics(TEXT, 'masko.yaml', diagnostics, { color: true })).toContain('\u001b[');
  });

  it('prints only the header when there is no source line (empty file) and nothing for no diagnostics', () => {
    expect(renderDiagnostics('', 'masko.yaml', loadManifest('').diagnostics)).toBe(
      'masko.yaml:1:1 error EMPTY_MANIFEST: the manifest is empty. Delete this file and run `masko-sync init` to write a starter one (init never overwrites a file), or write `version: 1`, a `collection` and `assets` in it.\n',
    );
    expect(renderDiagnostics(TEXT, 'masko.yaml', [])).toBe('');
  });

  it('underlines a span that runs past the line only to the end of the line, and aligns under tabs', () => {
    const d: Diagnostic = { code: 'YAML_SYNTAX', severity: 'warning', message: 'x', start: 2, end: 100 };
    expect(renderDiagnostics('a\tbc\nnext\n', 'f', [d])).toBe('f:1:3 warning YAML_SYNTAX: x\n1 | a bc\n  |   ^^\n');
  });
});

describe('toRenderedDiagnostics', () => {
  it('gives code, severity, message (with hint), file, line and column', () => {
    expect(toRenderedDiagnostics(TEXT, 'masko.yaml', loadManifest(TEXT).diagnostics)).toEqual([
      {
        code: 'UNKNOWN_SOURCE',
        severity: 'error',
        message: 'asset "wave-animated" animates "wavee", which is not defined. Did you mean "wave"?',
        file: 'masko.yaml',
        line: 5,
        column: 45,
      },
    ]);
  });
});
