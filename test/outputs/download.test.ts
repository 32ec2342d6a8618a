import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, readdir, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { locateFfmpeg } from '../../src/emulator/media/locate-ffmpeg.js';
import { DownloadError } from '../../src/outputs/download.js';
import type { MediaInfo } from '../../src/outputs/media-types.js';
import { probeMedia } from '../../src/outputs/probe-media.js';
import { projectFiles } from '../../src/outputs/project-files.js';
import { resolveInside, UnsafePathError } from '../../src/outputs/safe-path.js';
import { downloadPolicy } from '../../src/outputs/url-policy.js';
import { noisePng } from './fixture-project.js';

const body = Buffer.from('x'.repeat(5000));
const sha = createHash('sha256').update(body).digest('hex');
let server: Server;
let base: string;
let truncateNext = 0;
/** Media served as they are: a noise PNG of over a megabyte (many chunks, several writes) and an MP4 whose moov comes last. */
const media: Record<string, Buffer> = {};

beforeAll(async () => {
  media['/big.png'] = noisePng({ width: 640, height: 600 }, 3);
  const ffmpeg = locateFfmpeg().path;
  if (!ffmpeg) throw new Error('the bundled ffmpeg (@ffmpeg-installer/ffmpeg) is missing');
  const clip = path.join(await mkdtemp(path.join(os.tmpdir(), 'masko-dl-clip-')), 'end.mp4');
  execFileSync(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=322x182:rate=10:duration=1.5', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', clip]);
  media['/end.mp4'] = await readFile(clip);
  await rm(path.dirname(clip), { recursive: true, force: true });
  server = createServer((req, res) => {
    const served = media[req.url ?? ''];
    if (served) {
      res.writeHead(200, { 'content-length': String(served.length) });
      return res.end(served);
    }
    if (req.url === '/placeholder.png') {
      res.writeHead(200, { 'content-length': '3', 'x-masko-asset-status': 'placeholder' });
      return res.end('abc');
    }
    if (req.url === '/bad-etag.png') {
      res.writeHead(200, { 'content-length': String(body.length), etag: `"${'0'.repeat(64)}"` });
      return res.end(body);
    }
    if (req.url === '/file.png') {
      res.writeHead(200, { 'content-length': String(body.length), etag: `"${sha}"` });
      if (truncateNext > 0) {
        truncateNext--;
        res.write(body.subarray(0, 1000));
        return void setTimeout(() => res.socket?.destroy(), 5);
      }
      return res.end(body);
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'masko-dl-'));
  truncateNext = 0;
  return () => rm(dir, { recursive: true, force: true });
});

const fastBackoff = { baseMs: 1, maxMs: 2, random: () => 0.5 };
const files = (maxBytes = 1_000_000) =>
  projectFiles({ projectDir: dir, urls: downloadPolicy({ apiUrl: base }), maxBytes, backoff: fastBackoff, attempts: 4 });

describe('url policy', () => {
  const policy = downloadPolicy({ apiUrl: 'https://api.masko.ai' });
  it('accepts https on the CDN and refuses other schemes and hosts', () => {
    expect(policy.refuse('https://assets.masko.ai/u/c/a.png')).toBeUndefined();
    expect(policy.refuse('http://assets.masko.ai/u/c/a.png')).toMatch(/plain http/);
    expect(policy.refuse('file:///etc/passwd')).toMatch(/scheme file:/);
    expect(policy.refuse('https://evil.example.com/a.png')).toMatch(/not on the Masko CDN/);
    expect(policy.refuse('https://user:pw@assets.masko.ai/a.png')).toMatch(/credentials/);
    expect(policy.refuse('not a url')).toMatch(/not a URL/);
    // The CDN on another port is another server.
    expect(policy.refuse('https://assets.masko.ai:8443/u/c/a.png')).toMatch(/not on the Masko CDN/);
    expect(downloadPolicy({ apiUrl: 'https://api.masko.ai', cdnHosts: ['cdn.example:8443'] }).refuse('https://cdn.example:8443/a.png')).toBeUndefined();
  });
  it("allows the API's exact origin only: scheme, host and port (plain http only on loopback)", () => {
    const local = downloadPolicy({ apiUrl: 'http://127.0.0.1:4000' });
    expect(local.refuse('http://127.0.0.1:4000/cdn/a.png')).toBeUndefined();
    expect(local.refuse('http://127.0.0.1:4001/internal/admin?drop=1')).toMatch(/not on the Masko CDN or the API's own origin/);
    expect(local.refuse('https://127.0.0.1:4000/cdn/a.png')).toMatch(/not on the Masko CDN/);
    expect(local.refuse('http://localhost:4000/cdn/a.png')).toMatch(/not on the Masko CDN/);
    expect(local.target('http://127.0.0.1:4000/cdn/a.png')).toBe('http://127.0.0.1:4000/cdn/a.png');
  });
  it("with the embedded emulator, its loopback /cdn/ URLs are fetched where it listens now, whatever port they name", () => {
    const embedded = downloadPolicy({ apiUrl: 'http://127.0.0.1:51234', embeddedOrigin: 'http://127.0.0.1:51234' });
    expect(embedded.refuse('http://127.0.0.1:47990/cdn/u/c/idle-1.png')).toBeUndefined();
    expect(embedded.target('http://127.0.0.1:47990/cdn/u/c/idle-1.png?v=2')).toBe('http://127.0.0.1:51234/cdn/u/c/idle-1.png?v=2');
    expect(embedded.target('http://localhost:40000/cdn/x.png')).toBe('http://127.0.0.1:51234/cdn/x.png');
    // Only its CDN path, and only loopback: anything else is still refused.
    expect(embedded.refuse('http://127.0.0.1:47990/internal/admin')).toMatch(/not on the Masko CDN/);
    expect(embedded.refuse('http://10.0.0.1:47990/cdn/x.png')).toMatch(/plain http/);
    // Real CDN URLs are never rewritten.
    expect(embedded.target('https://assets.masko.ai/u/c/a.png')).toBe('https://assets.masko.ai/u/c/a.png');
  });
});

describe('safe paths', () => {
  it('refuses absolute paths, .. and backslashes', async () => {
    await expect(resolveInside(dir, '/etc/x')).rejects.toBeInstanceOf(UnsafePathError);
    await expect(resolveInside(dir, '../x.png')).rejects.toBeInstanceOf(UnsafePathError);
    await expect(resolveInside(dir, 'a/../../x.png')).rejects.toBeInstanceOf(UnsafePathError);
    await expect(resolveInside(dir, 'a\\b.png')).rejects.toBeInstanceOf(UnsafePathError);
  });
  it('refuses a folder that is a symlink leading outside the project', async () => {
    const outside = await mkdtemp(path.join(os.tmpdir(), 'masko-outside-'));
    await symlink(outside, path.join(dir, 'assets'));
    await expect(resolveInside(dir, 'assets/x.png')).rejects.toThrow(/outside the project/);
    // Checked before anything is created inside it.
    await expect(resolveInside(dir, 'assets/logos/x.png')).rejects.toThrow(/outside the project/);
    expect(await readdir(outside)).toEqual([]);
    await rm(outside, { recursive: true, force: true });
  });
  it('follows a symlinked folder that stays inside the project, never a symlinked .masko, and names a file in the way', async () => {
    await mkdir(path.join(dir, 'real'));
    await symlink(path.join(dir, 'real'), path.join(dir, 'alias'));
    expect(await resolveInside(dir, 'alias/x.png')).toBe(path.join(await realpath(dir), 'real', 'x.png'));
    await symlink(path.join(dir, 'real'), path.join(dir, '.masko'));
    await expect(resolveInside(dir, '.masko/previews/x.png')).rejects.toThrow(/symlink/);
    await writeFile(path.join(dir, 'package.json'), '{}');
    await expect(resolveInside(dir, 'package.json/x.png')).rejects.toThrow(/package\.json is a file, not a folder/);
    expect(await resolveInside(dir, 'not/yet/x.png', { create: false })).toBe(path.join(await realpath(dir), 'not', 'yet', 'x.png'));
    await expect(readdir(path.join(dir, 'not'))).rejects.toThrow(/ENOENT/);
  });
  it('accepts nested paths and creates their folder', async () => {
    const abs = await resolveInside(dir, 'a/b/c.png');
    expect(abs.endsWith(path.join('a', 'b', 'c.png'))).toBe(true);
    expect(await readdir(path.join(dir, 'a'))).toEqual(['b']);
  });
});

describe('errors that no retry can fix are reported at once, naming the file or the URL', () => {
  const counting = () => {
    const retries: string[] = [];
    const f = projectFiles({ projectDir: dir, urls: downloadPolicy({ apiUrl: base, cdnHosts: ['nope-masko.invalid'] }), maxBytes: 1_000_000, backoff: fastBackoff, attempts: 6, onRetry: (r) => retries.push(r.error.message) });
    return { f, retries };
  };
  it('a 404 is not retried', async () => {
    const { f, retries } = counting();
    await expect(f.download(`${base}/gone.png`, 'out/gone.png')).rejects.toThrow(/answered HTTP 404 \(not found/);
    expect(retries).toEqual([]);
  });
  it('a host that does not exist (ENOTFOUND) is not retried', async () => {
    const { f, retries } = counting();
    await expect(f.download('https://nope-masko.invalid/x.png', 'out/x.png')).rejects.toThrow(/the host nope-masko\.invalid was not found \(ENOTFOUND\)/);
    expect(retries).toEqual([]);
  });
  it('a full disk (ENOSPC) names the file and is not retryable', async () => {
    const { open } = await import('node:fs/promises');
    const { downloadFile } = await import('../../src/outputs/download.js');
    // One small piece written at the end, and a body of many pieces written as they come.
    for (const url of ['/file.png', '/big.png']) {
      const err = await downloadFile(`${base}${url}`, { dest: path.join(dir, 'x.png'), label: 'out/x.png', maxBytes: 10_000_000, openPart: () => open('/dev/full', 'w') }).catch((e: unknown) => e);
      expect(err, url).toBeInstanceOf(DownloadError);
      expect((err as DownloadError).message).toMatch(/^cannot write out\/x\.png: no space left on the device \(ENOSPC\)/);
      expect((err as DownloadError).retryable).toBe(false);
    }
  });
  it('a folder where the file goes (EISDIR) names the file and is not retried', async () => {
    const { f, retries } = counting();
    await mkdir(path.join(dir, 'out/file.png'), { recursive: true });
    await expect(f.download(`${base}/file.png`, 'out/file.png')).rejects.toThrow(/^cannot write out\/file\.png: a folder is in the way \(EISDIR\)/);
    expect(retries).toEqual([]);
    expect(await readdir(path.join(dir, 'out'))).toEqual(['file.png']);
  });
  it('a file where a folder goes (ENOTDIR-like) names it and is not retried', async () => {
    const { f, retries } = counting();
    await writeFile(path.join(dir, 'out'), 'a file');
    await expect(f.download(`${base}/file.png`, 'out/file.png')).rejects.toThrow(/out is a file, not a folder/);
    expect(retries).toEqual([]);
  });
});

describe('downloads', () => {
  it('writes a verified file and leaves no .part', async () => {
    const got = await files().download(`${base}/file.png`, 'out/file.png');
    expect(got).toEqual({ bytes: body.length, sha256: sha });
    expect(await readFile(path.join(dir, 'out/file.png'))).toEqual(body);
    expect(await readdir(path.join(dir, 'out'))).toEqual(['file.png']);
  });
  it('takes over a leftover .part of a killed run', async () => {
    await mkdir(path.join(dir, 'out'));
    await writeFile(path.join(dir, 'out/file.png.part'), 'half a file from a run that was killed');
    expect(await files().download(`${base}/file.png`, 'out/file.png')).toEqual({ bytes: body.length, sha256: sha });
    expect(await readFile(path.join(dir, 'out/file.png'))).toEqual(body);
    expect(await readdir(path.join(dir, 'out'))).toEqual(['file.png']);
  });
  it('writes a body of many chunks whole, and reads the media info of what it wrote as a probe of the placed file does', async () => {
    const seen: Array<[string, MediaInfo]> = [];
    const f = projectFiles({ projectDir: dir, urls: downloadPolicy({ apiUrl: base }), maxBytes: 10_000_000, backoff: fastBackoff, onMedia: (s, m) => seen.push([s, m]) });
    for (const [url, rel] of [['/big.png', 'big.png'], ['/end.mp4', 'clips/end.mp4']] as const) {
      const served = media[url]!;
      const got = await f.download(`${base}${url}`, rel);
      // equals, not toEqual: a deep compare of a megabyte takes seconds.
      expect((await readFile(path.join(dir, rel))).equals(served)).toBe(true);
      expect(got.sha256).toBe(createHash('sha256').update(served).digest('hex'));
      expect(got.bytes).toBe(served.length);
      expect(got).toHaveProperty('media', await probeMedia(path.join(dir, rel), rel.endsWith('.png') ? 'image/png' : 'video/mp4'));
    }
    expect(media['/big.png']!.length).toBeGreaterThan(1_000_000);
    expect(seen.map(([, m]) => m)).toEqual([{ width: 640, height: 600 }, { width: 322, height: 182, duration: 1.5 }]);
    // Without a listener nothing is read for it.
    expect(await files(10_000_000).download(`${base}/big.png`, 'again.png')).not.toHaveProperty('media');
  });
  it('retries a truncated body and never leaves a partial file', async () => {
    truncateNext = 2;
    const got = await files().download(`${base}/file.png`, 'out/file.png');
    expect(got.sha256).toBe(sha);
    expect(await readdir(path.join(dir, 'out'))).toEqual(['file.png']);
  });
  it('refuses a body over the size cap, keeping the old file', async () => {
    await mkdir(path.join(dir, 'out'));
    await writeFile(path.join(dir, 'out/file.png'), 'old');
    await expect(files(100).download(`${base}/file.png`, 'out/file.png')).rejects.toThrow(/cap/);
    expect(await readFile(path.join(dir, 'out/file.png'), 'utf8')).toBe('old');
    expect(await readdir(path.join(dir, 'out'))).toEqual(['file.png']);
  });
  it('refuses content that differs from the locked sha256', async () => {
    await expect(files().download(`${base}/file.png`, 'x.png', { expectedSha256: 'f'.repeat(64) })).rejects.toThrow(/no longer has the content/);
    expect(await readdir(dir)).toEqual([]);
  });
  it('refuses a body whose ETag hash does not match', async () => {
    await expect(files().download(`${base}/bad-etag.png`, 'x.png')).rejects.toThrow(/ETag/);
  });
  it('does not accept a placeholder as the file', async () => {
    const err = await files().download(`${base}/placeholder.png`, 'x.png').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DownloadError);
    expect((err as Error).message).toMatch(/placeholder/);
  });
  it('refuses a URL on another host before any request', async () => {
    await expect(files().download('https://evil.example.com/x.png', 'x.png')).rejects.toThrow(/not on the Masko CDN/);
  });
  it('never replaces a file it does not own unless the bytes are the same; what it owns, or wrote itself, it replaces', async () => {
    const guarded = projectFiles({ projectDir: dir, urls: downloadPolicy({ apiUrl: base }), maxBytes: 1_000_000, backoff: fastBackoff, attempts: 4, mayReplace: (rel) => rel === 'owned.png' });
    await writeFile(path.join(dir, 'theirs.png'), 'made by a person');
    await expect(guarded.download(`${base}/file.png`, 'theirs.png')).rejects.toThrow(/refusing to replace theirs\.png: a file masko-sync did not make .*--overwrite theirs\.png/);
    expect(await readFile(path.join(dir, 'theirs.png'), 'utf8')).toBe('made by a person');
    expect(await readdir(dir)).toEqual(['theirs.png']);
    await writeFile(path.join(dir, 'same.png'), body);
    await expect(guarded.download(`${base}/file.png`, 'same.png')).resolves.toEqual({ bytes: body.length, sha256: sha });
    await writeFile(path.join(dir, 'owned.png'), 'old');
    await expect(guarded.download(`${base}/file.png`, 'owned.png')).resolves.toMatchObject({ sha256: sha });
    await guarded.download(`${base}/file.png`, 'new.png');
    await writeFile(path.join(dir, 'new.png'), 'changed in between');
    await expect(guarded.download(`${base}/file.png`, 'new.png')).resolves.toMatchObject({ sha256: sha });
    // A move never lands on a file it does not own either.
    await writeFile(path.join(dir, 'a.png'), 'A');
    await expect(guarded.move('a.png', 'theirs.png')).rejects.toThrow(/refusing to replace theirs\.png/);
    expect(await readFile(path.join(dir, 'a.png'), 'utf8')).toBe('A');
  });
  it('moves files and reports a missing source', async () => {
    await writeFile(path.join(dir, 'a.png'), 'A');
    expect(await files().move('a.png', 'sub/b.png')).toBe(true);
    expect(await readFile(path.join(dir, 'sub/b.png'), 'utf8')).toBe('A');
    expect(await files().move('a.png', 'c.png')).toBe(false);
  });
});
