// The README's library example runs as written: a script in a fresh project folder, importing the
// package by name, syncs against the emulator and pulls, and the folder then holds the files.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
const example = /## Library\n[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)![1]!;

describe("the README's library example", () => {
  it('runs: a sync against the emulator, then a pull, from a script that imports masko-sync by name', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'masko-readme-'));
    try {
      await mkdir(path.join(dir, 'node_modules'));
      // The package as an installed dependency (its exports map points at dist/).
      await symlink(ROOT, path.join(dir, 'node_modules', 'masko-sync'), 'dir');
      await writeFile(path.join(dir, 'masko.yaml'), 'version: 1\ncollection: { name: Fox, description: a small orange fox }\nassets:\n  idle: { type: image, image_prompt: standing }\n');
      // The example is TypeScript-compatible JavaScript: it runs as an ES module as it stands.
      await writeFile(path.join(dir, 'example.mjs'), example);
      const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ['example.mjs'], { cwd: dir, env: { PATH: process.env.PATH ?? '' } });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/^idle: done$/m);
      expect(run.stdout).toMatch(/exit 0; credits spent: 1$/m);
      expect(run.stdout).toMatch(/files restored by pull: 0$/m);
      const lock = JSON.parse(await readFile(path.join(dir, 'masko.lock'), 'utf8')) as { assets: Record<string, { status: string }> };
      expect(lock.assets.idle!.status).toBe('completed');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
