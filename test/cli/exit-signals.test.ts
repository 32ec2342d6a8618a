import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { assertBuilt, ROOT, spawnCli } from '../helpers/cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'masko-exit-signals-'));
  await writeFile(path.join(dir, 'masko.yaml'), 'version: 1\ncollection: col-1\nassets:\n  a: { type: image, image_prompt: hello }\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

// Once the CLI has said its last word it is leaving. A Ctrl-C then (CI saw one after a second Ctrl-C)
// must still end it with an exit code, never with death by the signal: Node's natural exit closes its
// signal handlers before it tears the heap down, which is the window this spams.
test('Ctrl-C after the command has printed its result ends the process with an exit code, never by the signal', async () => {
  const endings: Array<{ code: number | null; signal: string | null }> = [];
  for (let i = 0; i < 8; i++) {
    const p = spawnCli(['validate'], { cwd: dir });
    let spam: NodeJS.Timeout | undefined;
    const start = () => {
      spam ??= setInterval(() => {
        if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGINT');
      }, 0);
    };
    p.child.stdout!.once('data', start);
    p.child.stderr!.once('data', start);
    const r = await p.result.finally(() => clearInterval(spam));
    endings.push({ code: r.code, signal: r.signal });
  }
  for (const e of endings) {
    expect(e.signal).toBeNull();
    expect([0, 130]).toContain(e.code);
  }
});

// The window above made deterministic: the command is over, a Ctrl-C makes the late listener call
// process.exit, and another Ctrl-C comes while it is exiting (an 'exit' listener sends it). With a
// once listener, Node had handed SIGINT back to the OS default by then, and the process died by it.
test('a Ctrl-C while the process is exiting after a late Ctrl-C still ends it with 130, not by the signal', async () => {
  assertBuilt();
  const script = `
    const { main } = await import(${JSON.stringify(pathToFileURL(path.join(ROOT, 'dist', 'cli', 'main.js')).href)});
    const code = await main(['validate'], { cwd: ${JSON.stringify(dir)}, env: {}, isTTY: false, stdout: () => undefined, stderr: () => undefined });
    process.on('exit', () => process.kill(process.pid, 'SIGINT'));
    process.kill(process.pid, 'SIGINT');
    setTimeout(() => process.exit(code), 20_000);
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const ending = await new Promise<{ code: number | null; signal: string | null }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  expect(ending, stderr).toEqual({ code: 130, signal: null });
});
