import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { spawnCli } from '../helpers/cli.js';

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
