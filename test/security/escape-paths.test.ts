/** Ids and output paths built to leave the project are refused: in the manifest (exit 4) and at write time (symlinks). */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, symlink, writeFile, lstat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempProject } from '../helpers/project.js';
import { expectFilesMatchLock, out, STANDARD_CREDITS, standardManifest, syncWorld } from '../helpers/sync-fixtures.js';

interface Diagnostic {
  code: string;
  message: string;
  line: number;
}

/** A folder outside the project, removed when the test ends. */
async function outsideDir(onFinished: (fn: () => Promise<void>) => void): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'masko-outside-'));
  onFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const ESCAPING = `version: 1
collection: col_1
output:
  dir: ../outside
  typescript: /tmp/masko-escape.ts
assets:
  ../evil: { type: image, image_prompt: x }
  up: { type: image, image_prompt: y, output: "a/../../up" }
  home: { type: image, image_prompt: y, output: "~/mascot" }
  drive: { type: image, image_prompt: y, output: "C:/mascot" }
  fine: { type: image, image_prompt: y }
  fine-to-up: { type: animation, source: fine, end: up, animation_prompt: z, reverse: "../back" }
`;

describe.concurrent('paths that leave the project', () => {
  test('validate refuses every escaping id and output path with exit 4 and OUTPUT_PATH_* / INVALID_ID codes', async ({ onTestFinished }) => {
    const project = await tempProject(ESCAPING);
    onTestFinished(() => project.cleanup());
    const r = await runCli(['validate', '--json'], { cwd: project.dir });
    expect(r.code, out(r)).toBe(4);
    const { valid, diagnostics } = JSON.parse(r.stdout) as { valid: boolean; diagnostics: Diagnostic[] };
    expect(valid).toBe(false);
    const at = (needle: string) => diagnostics.filter((d) => d.message.includes(needle)).map((d) => d.code);
    expect(at('output.dir')).toEqual(['OUTPUT_PATH_ESCAPES']);
    expect(at('output.typescript')).toEqual(['OUTPUT_PATH_ABSOLUTE']);
    expect(at('asset "up" field "output"')).toEqual(['OUTPUT_PATH_ESCAPES']);
    expect(at('asset "home" field "output"')).toEqual(['OUTPUT_PATH_ABSOLUTE']);
    expect(at('asset "drive" field "output"')).toEqual(['OUTPUT_PATH_ABSOLUTE']);
    expect(at('"../evil"')).toEqual(['INVALID_ID']);
    expect(at('"../back"')).toEqual(['INVALID_ID']);
  });

  test('sync and plan of such a manifest exit 4 before any request and write nothing', async ({ onTestFinished }) => {
    const w = await syncWorld(onTestFinished, { manifest: ESCAPING });
    for (const args of [[], ['plan'], ['pull'], ['--frozen']]) {
      const r = await w.cli(args);
      expect(r.code, `${args.join(' ')}\n${out(r)}`).toBe(4);
      expect(r.stderr).toMatch(/OUTPUT_PATH_ESCAPES/);
      expect(r.stderr).not.toMatch(/^\s+at /m);
    }
    expect(w.emu.emu.stats().requests).toEqual({});
    expect(await w.project.files()).toEqual(['masko.yaml']);
    expect(existsSync(path.join(path.dirname(w.project.dir), 'outside'))).toBe(false);
    expect(existsSync('/tmp/masko-escape.ts')).toBe(false);
  });

  test('an output folder that is a symlink to outside: refused before anything is spent, nothing is written there, and a rerun once it is fixed pays once', async ({ onTestFinished }) => {
    const w = await syncWorld(onTestFinished);
    const outside = await outsideDir(onTestFinished);
    await symlink(outside, path.join(w.project.dir, 'out'));
    const start = await w.emu.balance();

    const r = await w.cli();
    expect(r.code, out(r)).toBe(4);
    expect(r.stderr).toMatch(/masko\.yaml:\d+:\d+ error OUTPUT_PATH_ESCAPES: "output\.dir": out is a symlink to .* outside the project/);
    expect(await w.emu.balance()).toBe(start);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(await readdir(outside)).toEqual([]);

    // Once the folder is a real one, the paid jobs are collected, not bought again.
    await rm(path.join(w.project.dir, 'out'));
    const again = await w.cli();
    expect(again.code, out(again)).toBe(0);
    expect(start - (await w.emu.balance())).toBe(STANDARD_CREDITS);
    await expectFilesMatchLock(w.project);
    expect(await readdir(outside)).toEqual([]);
  });

  test('a planted .part symlink and a symlinked index file are replaced, never written through', async ({ onTestFinished }) => {
    const w = await syncWorld(onTestFinished);
    const outside = await outsideDir(onTestFinished);
    const first = await w.cli();
    expect(first.code, out(first)).toBe(0);
    const lock = await w.project.lock();
    const idle = lock.assets.idle!.files.image!;

    // A repository could carry these: a .part next to a missing file, and the index as a link.
    const victim = path.join(outside, 'victim.txt');
    const victimIndex = path.join(outside, 'index.json');
    await writeFile(victim, 'precious');
    await writeFile(victimIndex, 'precious index');
    await w.project.remove(idle.path);
    await symlink(victim, path.join(w.project.dir, `${idle.path}.part`));
    await w.project.remove('out/masko-assets.json');
    await symlink(victimIndex, path.join(w.project.dir, 'out/masko-assets.json'));
    // A new name changes the index, so it must be written again.
    await w.project.writeManifest(standardManifest({ waveName: 'Waving' }));

    const r = await w.cli();
    expect(r.code, out(r)).toBe(0);
    expect(await readFile(victim, 'utf8')).toBe('precious');
    expect(await readFile(victimIndex, 'utf8')).toBe('precious index');
    expect(await w.project.sha256(idle.path)).toBe(idle.sha256);
    expect(w.project.exists(`${idle.path}.part`)).toBe(false);
    expect((await lstat(path.join(w.project.dir, 'out/masko-assets.json'))).isSymbolicLink()).toBe(false);
    expect(JSON.parse(await readFile(path.join(w.project.dir, 'out/masko-assets.json'), 'utf8'))).toMatchObject({ assets: { wave: { name: 'Waving' } } });
  });
});
