/** A lock entry aiming its file at a project file (masko.yaml, package.json, .git/hooks…) is refused with its position; the file is never written, moved or deleted. */
import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { serializeLock } from '../../src/lockfile/index.js';
import type { Lockfile } from '../../src/model/lock.js';
import { out, syncWorld, type SyncWorld } from '../helpers/sync-fixtures.js';

const VICTIMS = ['masko.yaml', 'masko.lock', 'package.json', '.git/hooks/pre-commit', '.github/workflows/ci.yml'];

/** A synced project with a package.json, a git hook and a workflow, as a real repository has. */
async function syncedRepo(onFinished: (fn: () => Promise<void>) => void): Promise<SyncWorld> {
  const w = await syncWorld(onFinished);
  const first = await w.cli();
  expect(first.code, out(first)).toBe(0);
  await w.project.write('package.json', '{ "name": "app", "scripts": { "test": "vitest" } }\n');
  await w.project.write('.git/hooks/pre-commit', '#!/bin/sh\nnpm test\n');
  await w.project.write('.github/workflows/ci.yml', 'on: push\njobs: {}\n');
  return w;
}

/** Points idle's image at `victim`; with `matching`, the lock also claims the victim's exact size and hash. */
async function aimAt(w: SyncWorld, victim: string, matching: boolean): Promise<void> {
  // JSON.parse, not parseLock: the second round edits a lock that is already crafted.
  const lock = JSON.parse((await w.project.lockBytes())!.toString('utf8')) as Lockfile;
  const file = lock.assets.idle!.files.image!;
  file.path = victim;
  if (matching && victim !== 'masko.lock') {
    const bytes = await w.project.read(victim);
    file.bytes = bytes.length;
    file.sha256 = createHash('sha256').update(bytes).digest('hex');
  }
  await w.project.write('masko.lock', serializeLock(lock));
}

describe.concurrent('a lock path aimed at a project file', () => {
  for (const victim of VICTIMS) {
    test(`${victim}: pull, sync --frozen and sync refuse it with masko.lock:LINE:COL and leave it untouched`, async ({ onTestFinished }) => {
      const w = await syncedRepo(onTestFinished);
      for (const matching of [false, true]) {
        await aimAt(w, victim, matching);
        const before = await w.project.read(victim);
        const requests = JSON.stringify(w.emu.emu.stats().requests);
        for (const args of [['pull'], ['--frozen'], []]) {
          const r = await w.cli(args);
          const what = `${args.join(' ') || 'sync'} (${matching ? 'hash matching the victim' : 'hash of the image'})\n${out(r)}`;
          expect(r.code, what).toBe(1);
          expect(r.stderr, what).toMatch(/^error: masko\.lock:\d+:\d+: assets\.idle\.files\.image\.path: /m);
          expect(r.stderr, what).toMatch(/\n {2}fix: /);
          expect(await w.project.read(victim), `${victim} unchanged`).toEqual(before);
        }
        expect(JSON.stringify(w.emu.emu.stats().requests), 'no request was made').toBe(requests);
      }
      // The image itself stays where it was: nothing was moved onto it either.
      expect(w.project.exists('out/idle.png')).toBe(true);
    });
  }
});
