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
