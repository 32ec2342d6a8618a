// A clone before its first build: the launcher says what to run, not a module-resolution stack.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

it('without dist/, the CLI exits 1 saying to run npm run build', () => {
  const clone = mkdtempSync(path.join(os.tmpdir(), 'masko-unbuilt-'));
  try {
    mkdirSync(path.join(clone, 'bin'));
    cpSync(path.join(ROOT, 'bin/masko-sync.js'), path.join(clone, 'bin/masko-sync.js'));
    cpSync(path.join(ROOT, 'package.json'), path.join(clone, 'package.json'));
    const r = spawnSync(process.execPath, [path.join(clone, 'bin/masko-sync.js'), '--version'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('error: masko-sync is not built: dist/cli/main.js is missing. In a clone of its repository, run `npm run build` first.\n');
    expect(r.stdout).toBe('');
  } finally {
    rmSync(clone, { recursive: true, force: true });
  }
});
