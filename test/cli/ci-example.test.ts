// examples/ci/masko-sync.yml: triggers on manifests anywhere in the repository, and its validate step,
// run as the runner would (bash, GITHUB_ACTIONS=true), checks each manifest and annotates the bad one.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT, assertBuilt, cleanEnv } from '../helpers/cli.js';

interface Workflow {
  on: { pull_request: { paths: string[] }; push: { paths: string[] } };
  jobs: Record<string, { steps: Array<{ run?: string; name?: string }> }>;
}

const workflow = parse(readFileSync(path.join(ROOT, 'examples/ci/masko-sync.yml'), 'utf8')) as Workflow;
let dir: string | undefined;
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

describe('the CI example', () => {
  it('runs on a change to any masko.yaml or masko.lock of the repository', () => {
    for (const trigger of [workflow.on.pull_request, workflow.on.push]) expect(trigger.paths).toEqual(['**/masko.yaml', '**/masko.lock']);
  });

  it('validates and plans every manifest, annotating the invalid one, and fails the step', () => {
    assertBuilt();
    dir = mkdtempSync(path.join(os.tmpdir(), 'masko-ci-'));
    const git = (...args: string[]) => spawnSync('git', args, { cwd: dir, encoding: 'utf8' });
    git('init', '-q');
    copyFileSync(path.join(ROOT, 'examples/minimal/masko.yaml'), path.join(dir, 'masko.yaml'));
    mkdirSync(path.join(dir, 'apps/web'), { recursive: true });
    copyFileSync(path.join(ROOT, 'test/fixtures/manifests/invalid/cycle.yaml'), path.join(dir, 'apps/web/masko.yaml'));
    // `npx masko-sync` finds the local bin, as after `npm ci`.
    mkdirSync(path.join(dir, 'node_modules/.bin'), { recursive: true });
    symlinkSync(path.join(ROOT, 'bin/masko-sync.js'), path.join(dir, 'node_modules/.bin/masko-sync'));
    git('add', 'masko.yaml', 'apps/web/masko.yaml');
    const step = workflow.jobs.validate!.steps.find((s) => s.run?.includes('validate'))!;
    const r = spawnSync('bash', ['-c', step.run!], { cwd: dir, encoding: 'utf8', env: cleanEnv({ GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: dir }) });
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toContain('::group::masko.yaml\n');
    expect(r.stdout).toContain('::group::apps/web/masko.yaml\n');
    expect(r.stdout).toMatch(/^3 to create; estimated 3 credits$/m);
    const annotations = r.stdout.split('\n').filter((l) => l.startsWith('::error '));
    expect(annotations).toEqual([
      expect.stringMatching(/^::error file=apps\/web\/masko\.yaml,line=5,col=\d+::CYCLE /),
      expect.stringMatching(/^::error file=apps\/web\/masko\.yaml,line=8,col=\d+::CYCLE /),
    ]);
  });
});
