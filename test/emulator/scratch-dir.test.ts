// The CLI leaves with process.exit (a Ctrl-C while the embedded emulator encodes a clip), which runs
// no `finally`: each such run left a masko-media-* scratch folder in the OS temp folder.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';
import { locateFfmpeg } from '../../src/emulator/media/locate-ffmpeg.js';
import { ROOT, assertBuilt } from '../helpers/cli.js';

const found = locateFfmpeg();
if (found.path === null) throw new Error(`this test needs the ffmpeg of @ffmpeg-installer/ffmpeg: ${found.reason}`);

/** Starts an encode, and leaves with process.exit once its scratch folder holds ffmpeg's first output. */
const script = (encodeUrl: string, ffmpeg: string): string => `
import { readdirSync } from 'node:fs';
import os from 'node:os';
import { encodeClip } from ${JSON.stringify(encodeUrl)};
const size = 256;
const frames = Array.from({ length: 48 }, (_, i) => Buffer.alloc(size * size * 4, i * 5));
const poll = setInterval(() => {
  const dirs = readdirSync(os.tmpdir()).filter((n) => n.startsWith('masko-media-'));
  if (dirs.length > 0 && readdirSync(os.tmpdir() + '/' + dirs[0]).length > 0) { console.log('encoding'); process.exit(130); }
}, 2);
encodeClip(${JSON.stringify(ffmpeg)}, { size, fps: 12, opaque: frames, transparent: frames }).then(
  () => { clearInterval(poll); console.log('encoded before the exit'); },
  (err) => { clearInterval(poll); console.log('failed: ' + err.message); },
);
`;

it('removes the encoders\' scratch folder when the process leaves in the middle of an encode', async () => {
  assertBuilt();
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'masko-scratch-test-'));
  try {
    const encodeUrl = pathToFileURL(path.join(ROOT, 'dist/emulator/media/encode-video.js')).href;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script(encodeUrl, found.path!)], { env: { ...process.env, TMPDIR: tmp }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stdout, stderr).toBe('encoding\n');
    expect(code).toBe(130);
    expect((await readdir(tmp)).filter((n) => n.startsWith('masko-media-'))).toEqual([]);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
});
