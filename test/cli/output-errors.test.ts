/** What the CLI does when its output cannot be written: a full disk fails the command, a reader that went away does not. */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { assertBuilt, cleanEnv, ROOT } from '../helpers/cli.js';

const BIN = path.join(ROOT, 'bin', 'masko-sync.js');
let dir: string;
beforeAll(async () => {
  assertBuilt();
  dir = await mkdtemp(path.join(os.tmpdir(), 'masko-output-errors-'));
  await writeFile(path.join(dir, 'masko.yaml'), 'version: 1\ncollection: col-1\nassets:\n  a: { type: image, image_prompt: hello }\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Runs `plan --json` (or `args`) with stdout and stderr going where `stdio` says; resolves to its ending and what it said on the piped streams. */
function run(stdio: Array<'pipe' | number>, onStdout?: (child: ReturnType<typeof spawn>) => void, args = ['plan', '--json']) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: cleanEnv(), stdio: ['ignore', ...stdio] });
  let stderr = '';
  let stdout = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  if (onStdout) onStdout(child);
  else child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  return new Promise<{ code: number | null; signal: string | null; stderr: string; stdout: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stderr, stdout })),
  );
}

// /dev/full is Linux's always-full device (where CI runs); elsewhere these two are reported as skipped.
describe.skipIf(!existsSync('/dev/full'))('a stdout that cannot be written', () => {
  test('plan --json > a full disk exits 1 and says why, instead of 0 or a crash', async () => {
    const full = openSync('/dev/full', 'w');
    try {
      const r = await run([full, 'pipe']);
      expect(r.signal).toBeNull();
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^error: could not write the output: ENOSPC/m);
      expect(r.stderr).not.toMatch(/Unhandled 'error' event/);
    } finally {
      closeSync(full);
    }
  });

  test('a command that has nothing to say on stdout does not fail on it: validate > a full disk exits 0', async () => {
    const full = openSync('/dev/full', 'w');
    try {
      const r = await run([full, 'pipe'], undefined, ['validate']);
      expect(r.stderr).toBe('masko.yaml is valid: 1 asset in 1 wave.\n');
      expect(r.code).toBe(0);
    } finally {
      closeSync(full);
    }
  });

  test('a stderr that cannot take the messages is no failure: the plan is on stdout, exit 0', async () => {
    const full = openSync('/dev/full', 'w');
    try {
      const r = await run(['pipe', full]);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ format_version: 1 });
    } finally {
      closeSync(full);
    }
  });
});

test('a reader that goes away before the answer (| head) is no failure: exit 0, no crash', async () => {
  const r = await run(['pipe', 'pipe'], (child) => child.stdout!.destroy());
  expect(r.signal).toBeNull();
  expect(r.code).toBe(0);
  expect(r.stderr).not.toMatch(/EPIPE|Unhandled/);
});
