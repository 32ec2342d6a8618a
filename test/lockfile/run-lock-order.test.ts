/** sync, pull and prune take the run lock before they read masko.lock: while another run holds it, its lock is not read. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from 'vitest';
import { acquireRunLock } from '../../src/operations/run-lock.js';
import { out, syncWorld } from '../helpers/sync-fixtures.js';

test('with another run holding the project, a masko.lock it is rewriting is not read: the holder is named, not a half-written lock', async ({ onTestFinished }) => {
  const w = await syncWorld(onTestFinished);
  // Held by this (live) process, as a running sync would; meanwhile the lock on disk is mid-change.
  const held = await acquireRunLock(w.project.dir, 'sync');
  onTestFinished(() => held.release());
  await writeFile(path.join(w.project.dir, 'masko.lock'), '{ "lockfileVersion": 1, "assets": { "idle": ');
  for (const args of [[], ['--frozen'], ['pull'], ['prune']]) {
    const r = await w.cli(args);
    expect(r.code, `${args.join(' ') || 'sync'}\n${out(r)}`).toBe(1);
    expect(r.stderr).toMatch(/another masko-sync run holds the project lock: pid \d+/);
    expect(r.stderr).not.toMatch(/masko\.lock:\d+/);
  }
  expect(w.emu.emu.stats().requests).toEqual({});
});
