// End-to-end: spawns the built CLI (run `npm run build` first: bin/masko-sync.js loads dist/).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../', import.meta.url));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/masko-sync.js', ...args], { cwd: repo, encoding: 'utf8', env: { ...process.env, MASKO_API_KEY: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('masko-sync validate (built CLI)', () => {
  it.each(['examples/minimal/masko.yaml', 'examples/full/masko.yaml'])('accepts %s (exit 0)', (file) => {
    const r = cli('validate', '-f', file);
    expect(r.stderr).toMatch(/is valid/);
    expect(r.code).toBe(0);
  });

  it('rejects an invalid fixture with exit 4 and the documented --json shape', () => {
    const r = cli('validate', '-f', 'test/fixtures/manifests/invalid/cycle.yaml', '--json');
    expect(r.code).toBe(4);
    const out = JSON.parse(r.stdout) as { valid: boolean; diagnostics: Record<string, unknown>[] };
    expect(out.valid).toBe(false);
    expect(out.diagnostics.map((d) => [d.code, d.line])).toEqual([['CYCLE', 5], ['CYCLE', 8]]);
    for (const d of out.diagnostics) expect(Object.keys(d).sort()).toEqual(['code', 'column', 'file', 'line', 'message', 'severity']);
    expect(out.diagnostics[0]!.file).toBe('test/fixtures/manifests/invalid/cycle.yaml');
  });

  it('renders diagnostics for people on stderr with exit 4', () => {
    const r = cli('validate', '-f', 'test/fixtures/manifests/invalid/duration.yaml');
    expect(r.code).toBe(4);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('test/fixtures/manifests/invalid/duration.yaml:4:13 error DURATION_OUT_OF_RANGE');
    expect(r.stderr).toMatch(/is invalid: 4 errors\.\n$/);
  });

  it('exits 4 for a missing file', () => {
    const r = cli('validate', '-f', 'does/not/exist.yaml');
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/not found/);
  });
});
