// Every way a download can fail closes the `.part`'s handle and removes the `.part`; a link planted
// at the `.part` is never written through; short writes still place exactly the verified bytes.
import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, open, readdir, readFile, readlink, rm, symlink, writeFile, type FileHandle } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { downloadFile, type DownloadOptions } from '../../src/outputs/download.js';
import { noisePng } from './fixture-project.js';

const png = noisePng({ width: 300, height: 200 }, 7);
const sha = createHash('sha256').update(png).digest('hex');
let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/endless') {
      // No Content-Length: only the meter can stop it at the cap.
      res.writeHead(200);
      const timer = setInterval(() => res.write(Buffer.alloc(64 * 1024, 1)), 2);
      res.on('close', () => clearInterval(timer));
      return;
    }
    res.writeHead(200, { 'content-length': String(png.length) });
    if (req.url === '/stalls') return void res.write(png.subarray(0, 1000));
    if (req.url === '/cut') {
      res.write(png.subarray(0, 1000));
      return void setTimeout(() => res.socket?.destroy(), 20);
    }
    res.end(png);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))));

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'masko-dl-cleanup-'));
  return () => rm(dir, { recursive: true, force: true });
});

/** What this process still has open in the test folder (or on /dev/full). */
async function openHere(): Promise<string[]> {
  const out: string[] = [];
  for (const fd of await readdir('/proc/self/fd')) {
    const target = await readlink(`/proc/self/fd/${fd}`).catch(() => '');
    if (target.startsWith(dir) || target.startsWith('/dev/full')) out.push(target);
  }
  return out;
}

const dest = () => path.join(dir, 'x.png');
const get = (url: string, o: Partial<DownloadOptions> = {}) => downloadFile(`${base}${url}`, { dest: dest(), maxBytes: 10_000_000, probeAs: 'image/png', ...o });

it.each([
  ['the size cap, mid-stream', () => get('/endless', { maxBytes: 300_000 }), /over the 300000-byte cap/],
  ['an abort mid-body', () => get('/stalls', { signal: AbortSignal.timeout(100) }), /cut off after 1000 bytes/],
  ['a connection cut mid-body', () => get('/cut'), /cut off after 1000 bytes/],
  ['a full disk', () => get('/ok', { openPart: () => open('/dev/full', 'w+') }), /ENOSPC/],
  ['a placeholder known by its hash', () => get('/ok', { isPlaceholder: (s) => s === sha }), /still serves its placeholder/],
  ['a refused replacement', () => get('/ok', { beforeReplace: () => Promise.reject(new Error('not ours')) }), /not ours/],
] as const)('%s: no handle left open, no .part left behind', async (_, run, message) => {
  await expect(run()).rejects.toThrow(message);
  expect(await openHere()).toEqual([]);
  expect(await readdir(dir)).toEqual([]);
});

it('a failed rename (a folder at the destination): no handle left open, no .part left behind', async () => {
  await mkdir(dest());
  await writeFile(path.join(dest(), 'kept'), 'kept');
  await expect(get('/ok')).rejects.toThrow(/a folder is in the way \(EISDIR\)/);
  expect(await openHere()).toEqual([]);
  expect(await readdir(dir)).toEqual(['x.png']);
});

it('replaces a symlink planted at the .part (to a file, or dangling) without writing through it', async () => {
  const outside = await mkdtemp(path.join(os.tmpdir(), 'masko-dl-outside-'));
  try {
    await writeFile(path.join(outside, 'victim'), 'not yours');
    await symlink(path.join(outside, 'victim'), `${dest()}.part`);
    await symlink(path.join(outside, 'dangling'), path.join(dir, 'y.png.part'));
    expect(await get('/ok')).toEqual({ bytes: png.length, sha256: sha, media: { width: 300, height: 200 } });
    expect(await get('/ok', { dest: path.join(dir, 'y.png') })).toMatchObject({ sha256: sha });
    expect(await readFile(path.join(outside, 'victim'), 'utf8')).toBe('not yours');
    expect(await readdir(outside)).toEqual(['victim']);
    for (const name of ['x.png', 'y.png']) expect((await readFile(path.join(dir, name))).equals(png), name).toBe(true);
    expect((await readdir(dir)).sort()).toEqual(['x.png', 'y.png']);
    expect(await openHere()).toEqual([]);
  } finally {
    await rm(outside, { recursive: true, force: true });
  }
});

it('places exactly the verified bytes when the disk takes each write only in part', async () => {
  let writes = 0;
  // A handle whose writes take at most 1,000 bytes at a time, as a loaded or network disk may.
  const shortWrites = (fh: FileHandle): FileHandle =>
    new Proxy(fh, {
      get(target, key) {
        if (key === 'write') {
          return (buf: Buffer, offset: number, length: number, position: number) => (writes++, target.write(buf, offset, Math.min(length, 1000), position));
        }
        const value = Reflect.get(target, key) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  const got = await get('/ok', { openPart: async (p) => shortWrites(await open(p, 'wx+')) });
  expect(writes).toBeGreaterThan(png.length / 1000);
  expect(got).toEqual({ bytes: png.length, sha256: sha, media: { width: 300, height: 200 } });
  expect((await readFile(dest())).equals(png)).toBe(true);
  expect(await openHere()).toEqual([]);
});
