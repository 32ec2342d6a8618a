// One table test over test/fixtures/manifests/invalid/*.yaml: each bad line ends in `# ERROR: CODE[, CODE]`,
// and the loader must report exactly those {line → code} pairs (codes, not wording, are the contract).
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LineIndex, loadManifest } from '../../src/manifest/index.js';

const dir = fileURLToPath(new URL('../fixtures/manifests/invalid/', import.meta.url));
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();

function expected(text: string): string[] {
  const marks: string[] = [];
  text.split('\n').forEach((line, i) => {
    const m = /#\s*ERROR:\s*([A-Z_, ]+)\s*$/.exec(line.replace(/\r$/, ''));
    if (m) for (const code of m[1]!.split(',')) marks.push(`${i + 1}:${code.trim()}`);
  });
  return marks.sort();
}

describe('invalid manifest fixtures', () => {
  // OUTPUT_PATH_NOT_FOLDER, SIZE_TOO_LARGE and SOURCE_FILE_MISSING / _NOT_IMAGE / _TOO_LARGE are found on disk by the CLI
  // (test/manifest/disk-checks.test.ts, test/life/uploads.test.ts), not by the pure loader.
  it('has fixtures covering every error code except internal ones', () => {
    const codes = new Set(fixtures.flatMap((f) => expected(readFileSync(dir + f, 'utf8')).map((m) => m.split(':')[1])));
    expect([...codes].sort()).toEqual(
      [
        'CYCLE', 'DUPLICATE_ID', 'DUPLICATE_KEY', 'DURATION_OUT_OF_RANGE', 'EDIT_SOURCE_NOT_IMAGE', 'EMPTY_MANIFEST',
        'END_WITHOUT_SOURCE', 'INVALID_ID', 'INVALID_SHAPE', 'INVALID_TEXT', 'MISSING_COLLECTION', 'OUTPUT_PATH_ABSOLUTE', 'OUTPUT_PATH_INVALID',
        'OUTPUT_COLLISION', 'OUTPUT_PATH_ESCAPES', 'SCHEMA_ENUM', 'SCHEMA_REQUIRED', 'SCHEMA_TYPE', 'SCHEMA_UNKNOWN_PROPERTY',
        'SCHEMA_VALUE', 'SOURCE_HAS_NO_IMAGE', 'SOURCE_FILE_INVALID', 'MOVED_INVALID', 'UNKNOWN_END', 'UNKNOWN_SOURCE', 'UNSUPPORTED_VERSION', 'YAML_SYNTAX',
        'SIZE_INVALID', 'SIZE_DUPLICATE', 'FORMAT_DUPLICATE', 'FORMATS_WITHOUT_IMAGE',
      ].sort(),
    );
  });

  it.each(fixtures)('%s reports exactly the marked {line → code}', (name) => {
    const text = readFileSync(dir + name, 'utf8');
    const result = loadManifest(text);
    const index = new LineIndex(text);
    const actual = result.diagnostics.map((d) => `${index.position(d.start).line}:${d.code}`).sort();
    expect(result.manifest).toBeUndefined();
    expect(actual).toEqual(expected(text));
  });
});
