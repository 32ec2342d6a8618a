// CLI conventions users bring from npm, git and Terraform: --version, "did you mean", the manifest
// found from a subfolder, colours per stream, --quiet / --verbose, plural wording, watch's exit 130.
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { CliContext } from '../../src/cli/context.js';
import { ROOT, runCli, spawnCli } from '../helpers/cli.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[\\d+m`);
const VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const manifest = 'version: 1\ncollection:\n  name: Fox\n  description: a fox\nassets:\n  a: { type: image, image_prompt: hello }\n';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'masko-conv-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function run(args: string[], o: Partial<CliContext> & { cwd?: string } = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    cwd: dir,
    env: {},
    isTTY: false,
    signal: new AbortController().signal,
    ...o,
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
  });
  return { code, stdout, stderr };
}

describe('--version', () => {
  it.each(['--version', '-V'])('%s prints the package version and exits 0 (built CLI)', async (flag) => {
    const r = await runCli([flag], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${VERSION}\n`);
  });
});

describe('unknown commands', () => {
  it('a typo gets the nearest command and exit 4, not "too many arguments"', async () => {
    const r = await run(['snyc']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^error: unknown command 'snyc'\. Did you mean 'sync'\?/);
  });

  it('a word far from every command gets no guess; options and their values are skipped', async () => {
    expect((await run(['frobnicate'])).stderr).toMatch(/^error: unknown command 'frobnicate'\. See `masko-sync --help`/);
    const r = await run(['-f', 'other.yaml', 'plna']);
    expect(r.stderr).toMatch(/unknown command 'plna'\. Did you mean 'plan'\?/);
    expect((await run(['--port', '8080', 'emulatr'])).stderr).toMatch(/unknown command 'emulatr'\. Did you mean 'emulator'\?/);
    // "-f plan.yaml" is a value, not a command: the default command runs (and finds no such file).
    const ok = await run(['-f', 'plan.yaml', '--json']);
    expect(ok.stderr).toMatch(/plan\.yaml not found/);
  });
});

describe('the manifest is found from a subfolder', () => {
  it('plan in a subfolder uses the masko.yaml above it and names it relative to the working folder', async () => {
    await writeFile(path.join(dir, 'masko.yaml'), manifest);
    const sub = path.join(dir, 'src', 'deep');
    await mkdir(sub, { recursive: true });
    const r = await run(['plan'], { cwd: sub });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\+ a +create/m);
    await writeFile(path.join(dir, 'masko.yaml'), 'version: 1\n');
    const bad = await run(['plan'], { cwd: sub });
    expect(bad.code).toBe(4);
    expect(bad.stderr).toContain('../../masko.yaml:1:1 error');
  });

  it('stops at the repository root (a folder holding .git), and -f is taken as given', async () => {
    await writeFile(path.join(dir, 'masko.yaml'), manifest);
    const repo = path.join(dir, 'repo');
    await mkdir(path.join(repo, '.git'), { recursive: true });
    await mkdir(path.join(repo, 'app'));
    const r = await run(['validate'], { cwd: path.join(repo, 'app') });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^error: masko\.yaml not found/);
    expect((await run(['validate', '-f', '../../masko.yaml'], { cwd: path.join(repo, 'app') })).code).toBe(0);
    await writeFile(path.join(repo, 'masko.yaml'), manifest);
    const found = await run(['validate'], { cwd: path.join(repo, 'app') });
    expect(found.stderr).toBe('../masko.yaml is valid: 1 asset in 1 wave.\n');
  });

  it('the built CLI does the same (e2e)', async () => {
    await writeFile(path.join(dir, 'masko.yaml'), manifest);
    await mkdir(path.join(dir, 'sub'));
    const r = await runCli(['plan'], { cwd: path.join(dir, 'sub') });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/1 to create; estimated 1 credit$/m);
  });
});

describe('colours', () => {
  beforeEach(() => writeFile(path.join(dir, 'masko.yaml'), manifest));

  it('stdout follows stdout\'s terminal, not stderr\'s', async () => {
    expect((await run(['plan'], { isTTY: true, stdoutIsTTY: false })).stdout).not.toMatch(ANSI);
    expect((await run(['plan'], { isTTY: false, stdoutIsTTY: true })).stdout).toMatch(ANSI);
  });

  it('CI=true on a terminal leaves piped stdout plain', async () => {
    expect((await run(['plan'], { isTTY: true, stdoutIsTTY: false, env: { CI: 'true' } })).stdout).not.toMatch(ANSI);
  });

  it('FORCE_COLOR colours piped output, NO_COLOR wins over it, FORCE_COLOR=0 turns it off, --json never', async () => {
    expect((await run(['plan'], { env: { FORCE_COLOR: '1' } })).stdout).toMatch(ANSI);
    expect((await run(['plan'], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } })).stdout).not.toMatch(ANSI);
    expect((await run(['plan'], { stdoutIsTTY: true, env: { FORCE_COLOR: '0' } })).stdout).not.toMatch(ANSI);
    const json = await run(['plan', '--json'], { stdoutIsTTY: true, isTTY: true, env: { FORCE_COLOR: '1' } });
    expect(json.stdout).not.toMatch(ANSI);
    expect(() => JSON.parse(json.stdout)).not.toThrow();
  });

  it('diagnostics on stderr follow stderr\'s terminal', async () => {
    await writeFile(path.join(dir, 'masko.yaml'), 'version: 2\ncollection: c\nassets: {}\n');
    expect((await run(['validate'], { isTTY: true })).stderr).toMatch(ANSI);
    expect((await run(['validate'], { isTTY: false, stdoutIsTTY: true })).stderr).not.toMatch(ANSI);
  });
});

describe('--quiet and --verbose', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator();
  });
  afterAll(() => emu.close());

  it('--quiet prints only the final summary of a sync; a plain run prints progress with "1 credit"', async () => {
    await writeFile(path.join(dir, 'masko.yaml'), manifest);
    const quiet = await run(['--quiet'], { env: emu.env });
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('1 completed; 1 credit spent.\n');
    await writeFile(path.join(dir, 'masko.yaml'), manifest.replace('hello', 'hello again'));
    const normal = await run([], { env: emu.env });
    expect(normal.stderr).toMatch(/^Plan: 1 to regenerate; estimated 1 credit\n/);
    expect(normal.stderr).toMatch(/submitted a \(1 credit\)/);
    expect(normal.stderr).not.toMatch(/^http:/m);
  });

  it('--verbose logs each HTTP request without its query string, and never the key', async () => {
    await writeFile(path.join(dir, 'masko.yaml'), manifest);
    const r = await run(['sync', '--verbose'], { env: emu.env });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`^http: GET ${emu.url}/v1/credits → 200 \\(\\d+ ms\\)$`, 'm'));
    expect(r.stderr).toMatch(/^http: POST .*\/generate-batch → 202 /m);
    expect(r.stderr).not.toContain(emu.key);
    expect(r.stderr.match(/^http: .*\?/m)).toBeNull();
  });

  it('--quiet with --verbose is a usage error (exit 4)', async () => {
    const r = await run(['plan', '--quiet', '--verbose']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/cannot be used with/);
  });
});

describe('watch', () => {
  it('exits 130 on Ctrl-C, as the README says (built CLI)', async () => {
    await writeFile(path.join(dir, 'masko.yaml'), 'version: 1\ncollection: c\nassets: {}\n');
    const p = spawnCli(['watch', '--port', '0'], { cwd: dir, env: { MASKO_API_KEY: `masko_${'0'.repeat(64)}`, MASKO_API_URL: 'http://127.0.0.1:9' } });
    await p.waitForStderr(/Ctrl-C to stop/);
    p.child.kill('SIGINT');
    const r = await p.result;
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toMatch(/Stopping watch/);
  });
});
