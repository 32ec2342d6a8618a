import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadManifest } from '../../src/manifest/index.js';

describe('the README', () => {
  it('shows a manifest that is valid', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## The manifest'));
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    expect(yaml).toBeDefined();
    const { manifest, diagnostics } = loadManifest(yaml!);
    expect(diagnostics).toEqual([]);
    expect(Object.keys(manifest!.assets)).toContain('wave-to-idle');
  });
});

describe('the collection-life examples', () => {
  /** The first yaml block after `heading` in `file`, with `version: 1` put first when the block leaves it out. */
  const block = (file: string, heading: string) => {
    const text = readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
    const yaml = /```yaml\n([\s\S]*?)```/.exec(text.slice(text.indexOf(heading)))![1]!;
    return yaml.startsWith('version:') ? yaml : `version: 1\n${yaml}`;
  };

  it.each([
    ['README.md', '## Your own artwork and the collection'],
    ['docs/manifest.md', '## Bring your own artwork'],
  ])('%s "%s" is a valid manifest', (file, heading) => {
    expect(loadManifest(block(file, heading)).diagnostics).toEqual([]);
  });
});
