// `masko-sync init`: the modeline resolves from where the manifest is (hoisted workspaces included),
// and .masko/ is kept out of git without duplicating an existing rule.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { ensureGitignored, packageReference } from '../../src/cli/init-files.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'masko-init-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function init(cwd: string, ...args: string[]) {
  let stderr = '';
  const code = await main(['init', ...args], { cwd, env: {}, isTTY: false, stdout: () => undefined, stderr: (t) => void (stderr += t), signal: new AbortController().signal });
  return { code, stderr, text: await readFile(path.join(cwd, args[1] ?? 'masko.yaml'), 'utf8').catch(() => '') };
}

async function installSchema(at: string): Promise<void> {
  await mkdir(path.join(at, 'node_modules/masko-sync/schema'), { recursive: true });
  await writeFile(path.join(at, 'node_modules/masko-sync/schema/masko.schema.json'), '{}');
}

describe('what init says to run next', () => {
  it('says `npx masko-sync` in a project that has it in node_modules, `masko-sync` for a global install', async () => {
    await installSchema(dir);
    expect((await init(dir)).stderr).toMatch(/Next: `npx masko-sync validate`, then `npx masko-sync plan` to see the cost\.\n$/);
    const bare = await mkdtemp(path.join(os.tmpdir(), 'masko-bare-'));
    try {
      expect((await init(bare)).stderr).toMatch(/Next: `masko-sync validate`, then `masko-sync plan`/);
    } finally {
      await rm(bare, { recursive: true });
    }
  });

  it('passes -f on when the manifest is not ./masko.yaml, which validate and plan would not find', async () => {
    await installSchema(dir);
    expect((await init(dir, '-f', 'm2.yaml')).stderr).toMatch(/Next: `npx masko-sync validate -f m2\.yaml`, then `npx masko-sync plan -f m2\.yaml` to see the cost\.\n$/);
    expect((await init(dir, '-f', 'config/masko.yaml')).stderr).toMatch(/Next: `npx masko-sync validate -f config\/masko\.yaml`, then/);
    expect((await init(dir, '-f', 'my app/masko.yaml')).stderr).toMatch(/Next: `npx masko-sync validate -f 'my app\/masko\.yaml'`, then/);
    expect((await init(dir, '-f', './masko.yaml')).stderr).toMatch(/Next: `npx masko-sync validate`, then `npx masko-sync plan` to see/);
  });
});

describe('the modeline init writes', () => {
  it('points at the package in this folder\'s node_modules', async () => {
    await installSchema(dir);
    const r = await init(dir);
    expect(r.code).toBe(0);
    expect(r.text.split('\n').slice(0, 4)).toEqual([
      '# yaml-language-server: $schema=./node_modules/masko-sync/schema/masko.schema.json',
      expect.any(String),
      expect.any(String),
      '# Reference: ./node_modules/masko-sync/docs/manifest.md (fields, shapes, error codes).',
    ]);
  });

  it('finds a workspace\'s hoisted copy above the package folder', async () => {
    await installSchema(dir);
    const app = path.join(dir, 'packages', 'app');
    await mkdir(app, { recursive: true });
    const r = await init(app);
    expect(r.text.split('\n')[0]).toBe('# yaml-language-server: $schema=../../node_modules/masko-sync/schema/masko.schema.json');
    // -f into a subfolder: relative to the manifest's folder, not the working one.
    const nested = await init(dir, '-f', 'config/masko.yaml');
    expect(nested.text.split('\n')[0]).toBe('# yaml-language-server: $schema=../node_modules/masko-sync/schema/masko.schema.json');
  });

  it('prefers the nearest copy, and falls back to this version on the CDN', async () => {
    await installSchema(dir);
    await installSchema(path.join(dir, 'app'));
    expect(await packageReference(path.join(dir, 'app', 'src'), '1.2.3')).toBe('../node_modules/masko-sync');
    const bare = await mkdtemp(path.join(os.tmpdir(), 'masko-bare-'));
    expect(await packageReference(bare, '1.2.3')).toBe('https://cdn.jsdelivr.net/npm/masko-sync@1.2.3');
    await rm(bare, { recursive: true });
  });
});

describe('.gitignore', () => {
  it('is created with .masko/, and init says so', async () => {
    const r = await init(dir);
    expect(r.code).toBe(0);
    expect(await readFile(path.join(dir, '.gitignore'), 'utf8')).toBe("# masko-sync's local state (run lock, caches, emulator data)\n.masko/\n");
    expect(r.stderr).toMatch(/^Wrote masko\.yaml and added \.masko\/ \(local state\) to \.gitignore\./);
  });

  it('is appended to (a missing final newline added first), never duplicated', async () => {
    await writeFile(path.join(dir, '.gitignore'), 'node_modules/\ndist/');
    expect(await ensureGitignored(dir)).toBe(true);
    expect(await ensureGitignored(dir)).toBe(false);
    expect(await readFile(path.join(dir, '.gitignore'), 'utf8')).toBe("node_modules/\ndist/\n# masko-sync's local state (run lock, caches, emulator data)\n.masko/\n");
  });

  it('is left alone when it or a parent\'s up to the repository root already ignores .masko', async () => {
    for (const rule of ['.masko', '/.masko/', '**/.masko/']) {
      await writeFile(path.join(dir, '.gitignore'), `dist/\n${rule}\n`);
      expect(await ensureGitignored(dir), rule).toBe(false);
    }
    await mkdir(path.join(dir, '.git'));
    await writeFile(path.join(dir, '.gitignore'), '.masko/\n');
    await mkdir(path.join(dir, 'apps/web'), { recursive: true });
    const r = await init(path.join(dir, 'apps/web'));
    expect(r.stderr).toMatch(/^Wrote masko\.yaml\. Next:/);
    expect(await readFile(path.join(dir, 'apps/web/.gitignore'), 'utf8').catch(() => 'absent')).toBe('absent');
    // A root-anchored rule in a parent only covers the parent's own .masko/.
    await writeFile(path.join(dir, '.gitignore'), '/.masko/\n');
    expect(await ensureGitignored(path.join(dir, 'apps/web'))).toBe(true);
  });
});
