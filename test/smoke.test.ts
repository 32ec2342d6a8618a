import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('built CLI', () => {
  it('prints help and exits 0', () => {
    const out = execFileSync(process.execPath, ['bin/masko-sync.js', '--help'], { encoding: 'utf8' });
    expect(out).toContain('Usage: masko-sync');
  });
});
