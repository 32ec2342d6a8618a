import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'masko-cli-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    cwd: dir,
    env: {},
    isTTY: false,
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    signal: new AbortController().signal,
  });
  return { code, stdout, stderr };
}

const manifest = 'version: 1\ncollection: col-1\nassets:\n  a: { type: image, image_prompt: hello }\n';

describe('CLI errors with --json', () => {
  it('over budget: exit 5, one JSON error object on stdout, nothing written', async () => {
    await writeFile(path.join(dir, 'masko.yaml'), manifest);
    const r = await run(['--max-credits', '0', '--json']);
    expect(r.code).toBe(5);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.at(-1)).toMatchObject({ event: 'error', exit_code: 5 });
    expect(String(lines.at(-1)!.message)).toMatch(/over budget/);
    expect((await readdir(dir)).sort()).toEqual(['.masko', 'masko.yaml']);
  });

  it('a missing key: exit 1 naming MASKO_API_KEY, without --json nothing on stdout', async () => {
    await writeFile(path.join(dir, 'masko.yaml'), manifest);
    const r = await run([]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/MASKO_API_KEY is not set/);
    expect(r.stdout).toBe('');
  });

  it('an invalid manifest: exit 4 with the diagnostic and its line', async () => {
    await writeFile(path.join(dir, 'masko.yaml'), manifest.replace('type: image', 'type: imag'));
    const r = await run(['--json']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/masko\.yaml:4:\d+ error SCHEMA_ENUM/);
    expect(JSON.parse(r.stdout.trim().split('\n').at(-1)!)).toMatchObject({ event: 'error', exit_code: 4 });
  });

  it('a usage error (bad flag value) is exit 4', async () => {
    await writeFile(path.join(dir, 'masko.yaml'), manifest);
    const r = await run(['--concurrency', 'zero']);
    expect(r.code).toBe(4);
  });
});

describe('plan --only', () => {
  it('keeps the named asset and its dependencies, and refuses unknown ids (exit 4)', async () => {
    await writeFile(path.join(dir, 'masko.yaml'), 'version: 1\ncollection: col-1\nassets:\n  a: { type: image, image_prompt: hello }\n  b: { type: image, image_prompt: other }\n  e: { type: edit, source: a, edit_instructions: hat }\n');
    const ok = await run(['plan', '--json', '--only', 'e']);
    expect(ok.code).toBe(0);
    const plan = JSON.parse(ok.stdout) as { waves: Array<Array<{ id: string }>>; summary: { credits: number } };
    expect(plan.waves.flat().map((s) => s.id).sort()).toEqual(['a', 'e']);
    expect(plan.summary.credits).toBe(2);
    expect((await run(['plan', '--only', 'nope'])).code).toBe(4);
    const typo = await run(['plan', '--only', 'ee,b']);
    expect(typo.code).toBe(4);
    expect(typo.stderr).toContain('--only names an unknown asset: "ee" (did you mean "e"?)');
  });
});
