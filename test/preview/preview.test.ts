/** `masko-sync preview`: one free preview saved locally through the verified download path. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { main } from '../../src/cli/main.js';
import { startTestEmulator } from '../helpers/emulator.js';
import { tempProject } from '../helpers/project.js';

const MANIFEST = `version: 1
collection:
  name: Preview fox
  description: a small orange fox with a blue scarf
assets:
  idle: { type: image, image_prompt: "standing relaxed" }
`;

async function cli(args: string[], cwd: string, env: Record<string, string>) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { cwd, env: { ...env, NO_COLOR: '1', CI: '1' }, isTTY: false, signal: new AbortController().signal, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

describe.concurrent('preview command', () => {
  test('a defined collection that was never created is named clearly, and nothing is fetched', async ({ onTestFinished }) => {
    const emu = await startTestEmulator();
    const project = await tempProject(MANIFEST);
    onTestFinished(async () => (await emu.close(), await project.cleanup()));
    const r = await cli(['preview', 'a fox waving'], project.dir, emu.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/collection "Preview fox" is defined in masko\.yaml but not created yet/);
    expect(r.stderr).toContain('Run `masko-sync` once');
    // Nothing fetched or written beyond local state (.masko/ caches).
    expect((await project.files()).filter((f) => !f.startsWith('.masko/'))).toEqual(['masko.yaml']);
  });

  test('saves one free preview (a real PNG) where --out says, spending nothing', async ({ onTestFinished }) => {
    const emu = await startTestEmulator();
    const project = await tempProject(MANIFEST);
    onTestFinished(async () => (await emu.close(), await project.cleanup()));
    const sync = await cli(['sync'], project.dir, emu.env);
    expect(sync.code, sync.stderr).toBe(0);
    const balance = await emu.balance();
    const jobs = (await emu.jobs()).length;

    const r = await cli(['preview', 'a fox waving with both paws', '--out', 'shots/wave.png', '--json'], project.dir, emu.env);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { path: string; bytes: number; sha256: string; preview_url: string };
    expect(out.path).toBe(path.join('shots', 'wave.png'));
    const bytes = await readFile(path.join(project.dir, 'shots', 'wave.png'));
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(bytes.length).toBe(out.bytes);
    expect(r.stderr).toContain('0 credits');
    expect(await emu.balance()).toBe(balance);
    expect((await emu.jobs()).length).toBe(jobs);
    expect(project.exists('shots/wave.png.part')).toBe(false);

    const plain = await cli(['preview', 'sitting'], project.dir, emu.env);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout.trim()).toMatch(/^masko-preview-[0-9a-f]{8}\.png$/);
    expect(project.exists(plain.stdout.trim())).toBe(true);
  });
});
