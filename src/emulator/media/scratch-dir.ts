/**
 * Scratch folders for the encoders, removed even when the process leaves in the middle of an encode:
 * the CLI leaves with process.exit (a Ctrl-C with the embedded emulator mid-clip), which runs no
 * `finally`, and each interrupted run left a `masko-media-*` folder in the OS temp folder.
 */
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const open = new Set<string>();
let hooked = false;

function removeLeft(): void {
  for (const dir of open) {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 2 });
    } catch {
      // Leaving anyway; the OS temp folder is cleaned by the system in the end.
    }
  }
  open.clear();
}

/** Runs `fn` with a fresh scratch folder, removed after it (or at process exit, whichever comes first). */
export async function withScratchDir<T>(prefix: string, fn: (dir: string) => Promise<T>): Promise<T> {
  if (!hooked) {
    process.on('exit', removeLeft);
    hooked = true;
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  open.add(dir);
  try {
    return await fn(dir);
  } finally {
    open.delete(dir);
    await rm(dir, { recursive: true, force: true });
  }
}
