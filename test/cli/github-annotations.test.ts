// `validate` (and sync/plan stopping on an invalid manifest) on GitHub Actions: one workflow command
// per diagnostic, so the problems show on the pull request's lines.
import { copyFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { githubAnnotations } from '../../src/cli/github-annotations.js';
import { ROOT, runCli } from '../helpers/cli.js';

const FIXTURE = path.join(ROOT, 'test/fixtures/manifests/invalid/unknown-refs.yaml');
const ANNOTATION = /^::error file=([^,]+),line=(\d+),col=(\d+)::([A-Z_]+) (.+)$/;

let repo: string;
beforeEach(async () => {
  repo = await mkdtemp(path.join(os.tmpdir(), 'masko-gha-'));
  await mkdir(path.join(repo, 'apps', 'web'), { recursive: true });
  copyFileSync(FIXTURE, path.join(repo, 'apps', 'web', 'masko.yaml'));
});
afterEach(() => rm(repo, { recursive: true, force: true }));

const gha = { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: undefined as string | undefined };

describe('GitHub annotations', () => {
  it('GITHUB_ACTIONS=true validate prints ::error lines at the same places as --json, file relative to GITHUB_WORKSPACE', async () => {
    const cwd = path.join(repo, 'apps', 'web');
    const r = await runCli(['validate'], { cwd, env: { ...gha, GITHUB_WORKSPACE: repo } });
    expect(r.code).toBe(4);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.every((l) => ANNOTATION.test(l))).toBe(true);
    const json = await runCli(['validate', '--json'], { cwd, env: { ...gha, GITHUB_WORKSPACE: repo } });
    const diagnostics = (JSON.parse(json.stdout) as { diagnostics: Array<{ code: string; line: number; column: number; message: string }> }).diagnostics;
    expect(diagnostics).toHaveLength(3);
    expect(lines.map((l) => ANNOTATION.exec(l)!.slice(1))).toEqual(diagnostics.map((d) => ['apps/web/masko.yaml', String(d.line), String(d.column), d.code, d.message]));
    expect(lines[0]).toBe('::error file=apps/web/masko.yaml,line=6,col=45::UNKNOWN_SOURCE asset "wave-animated" animates "wavee", which is not defined. Did you mean "wave"?');
    // The human rendering still goes to stderr.
    expect(r.stderr).toContain('masko.yaml:6:45 error UNKNOWN_SOURCE');
  });

  it('plan and sync stopping on the invalid manifest annotate too; a valid manifest prints none', async () => {
    const cwd = path.join(repo, 'apps', 'web');
    for (const args of [['plan'], ['sync'], []]) {
      const r = await runCli(args, { cwd, env: { ...gha, GITHUB_WORKSPACE: repo } });
      expect(r.code, args.join(' ')).toBe(4);
      expect(r.stdout.split('\n').filter((l) => l.startsWith('::error ')).length, args.join(' ')).toBe(3);
    }
    copyFileSync(path.join(ROOT, 'examples/minimal/masko.yaml'), path.join(cwd, 'masko.yaml'));
    const ok = await runCli(['validate'], { cwd, env: { ...gha, GITHUB_WORKSPACE: repo } });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe('');
  });

  it('off outside GitHub Actions and with --format human; --format github works anywhere (file relative to the git root)', async () => {
    await mkdir(path.join(repo, '.git'));
    const cwd = path.join(repo, 'apps');
    expect((await runCli(['validate', '-f', 'web/masko.yaml'], { cwd, env: { GITHUB_ACTIONS: undefined } })).stdout).toBe('');
    expect((await runCli(['validate', '-f', 'web/masko.yaml', '--format', 'human'], { cwd, env: gha })).stdout).toBe('');
    const local = await runCli(['validate', '-f', 'web/masko.yaml', '--format', 'github'], { cwd, env: { GITHUB_ACTIONS: undefined } });
    expect(local.stdout.split('\n')[0]).toMatch(/^::error file=apps\/web\/masko\.yaml,line=6,col=45::UNKNOWN_SOURCE /);
  });

  it('--json keeps stdout JSON only; --format github with --json or an unknown format is a usage error', async () => {
    const cwd = path.join(repo, 'apps', 'web');
    const json = await runCli(['validate', '--json'], { cwd, env: gha });
    expect(() => JSON.parse(json.stdout)).not.toThrow();
    const plan = await runCli(['plan', '--json'], { cwd, env: gha });
    expect(plan.stdout.trim().split('\n').map((l) => JSON.parse(l) as { event: string })).toEqual([expect.objectContaining({ event: 'error', exit_code: 4 })]);
    expect((await runCli(['validate', '--json', '--format', 'github'], { cwd })).code).toBe(4);
    const bad = await runCli(['validate', '--format', 'sarif'], { cwd });
    expect(bad.code).toBe(4);
    expect(bad.stderr).toMatch(/--format must be one of human, github/);
  });

  it('escapes what the runner would misread (%, line breaks; also : and , in the file)', () => {
    const out = githubAnnotations([{ code: 'SCHEMA_VALUE', severity: 'warning', message: '100% sure\nnot', file: 'x', line: 2, column: 3 }], 'a,b:c.yaml');
    expect(out).toBe('::warning file=a%2Cb%3Ac.yaml,line=2,col=3::SCHEMA_VALUE 100%25 sure%0Anot\n');
  });
});
