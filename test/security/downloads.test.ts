/** Downloads: a locked URL on an unexpected scheme or host is refused before any request; a body over the cap is refused, the old file kept. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, test } from 'vitest';
import { parseLock, serializeLock } from '../../src/lockfile/index.js';
import { out, standardManifest, syncWorld, type SyncWorld } from '../helpers/sync-fixtures.js';

/** A server standing in for an attacker's host: it counts every request it gets. */
async function trap(onFinished: (fn: () => Promise<void>) => void): Promise<{ port: number; hits: () => number }> {
  let hits = 0;
  const server = createServer((_req, res) => {
    hits++;
    res.end('evil');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  onFinished(() => new Promise<void>((r) => server.close(() => r())));
  return { port: (server.address() as AddressInfo).port, hits: () => hits };
}

/** A synced project whose lock now points idle's image at `url`, with that file deleted. */
async function lockPointingAt(w: SyncWorld, url: string): Promise<{ path: string; lockBytes: Buffer }> {
  const lock = parseLock((await w.project.lockBytes())!.toString('utf8'));
  const file = lock.assets.idle!.files.image!;
  file.url = url;
  await w.project.write('masko.lock', serializeLock(lock));
  await w.project.remove(file.path);
  return { path: file.path, lockBytes: (await w.project.lockBytes())! };
}

describe.concurrent('download policy end to end', () => {
  test('pull and --frozen refuse locked URLs on another host, plain http off loopback, or with credentials; no request reaches them', async ({ onTestFinished }) => {
    const w = await syncWorld(onTestFinished);
    const first = await w.cli();
    expect(first.code, out(first)).toBe(0);
    const evil = await trap(onTestFinished);
    const emulatorPort = new URL(w.emu.url).port;
    const urls: Array<[string, RegExp]> = [
      // Same machine, other name: only the API's own host (and the CDN) are trusted.
      [`http://localhost:${evil.port}/cdn/idle.png`, /not on the Masko CDN/],
      ['https://evil.example.com/cdn/idle.png', /not on the Masko CDN/],
      ['http://assets.masko.ai/cdn/idle.png', /plain http/],
      [`http://user:secret@127.0.0.1:${emulatorPort}/cdn/idle.png`, /credentials/],
    ];
    for (const [url, why] of urls) {
      const { path, lockBytes } = await lockPointingAt(w, url);
      for (const args of [['pull'], ['--frozen']]) {
        const r = await w.cli(args, { MASKO_API_KEY: undefined });
        expect(r.code, `${args[0]} ${url}\n${out(r)}`).toBe(1);
        expect(r.stderr).toMatch(why);
        expect(r.stderr).toMatch(/masko\.lock:\d+:\d+: /);
        expect(r.stderr).not.toMatch(/^\s+at /m);
        expect(w.project.exists(path)).toBe(false);
        expect(await w.project.lockBytes()).toEqual(lockBytes);
      }
    }
    expect(evil.hits()).toBe(0);
  });

  test('a scheme other than http(s) in the lock is refused as an invalid lock, before anything runs', async ({ onTestFinished }) => {
    const w = await syncWorld(onTestFinished);
    const first = await w.cli();
    expect(first.code, out(first)).toBe(0);
    for (const url of ['file:///etc/passwd', 'ftp://assets.masko.ai/idle.png', 'javascript:alert(1)']) {
      const text = (await w.project.lockBytes())!.toString('utf8').replace(/"url": "[^"]*idle[^"]*\.png"/, `"url": ${JSON.stringify(url)}`);
      await w.project.write('masko.lock', text);
      const r = await w.cli(['pull'], { MASKO_API_KEY: undefined });
      expect(r.code, out(r)).toBe(1);
      expect(r.stderr).toMatch(/masko\.lock:\d+:\d+: .*url/);
      expect((await w.project.lockBytes())!.toString('utf8')).toBe(text);
    }
  });

  test('a regenerated file over MASKO_MAX_DOWNLOAD_BYTES is refused and the old file kept; a rerun without the cap collects it without paying again', async ({ onTestFinished }) => {
    const w = await syncWorld(onTestFinished);
    const first = await w.cli();
    expect(first.code, out(first)).toBe(0);
    const before = (await w.project.lock()).assets.wave!.files.image!;
    const balance = await w.emu.balance();

    await w.project.writeManifest(standardManifest({ prompts: { wave: 'waving hello with both paws' } }));
    const capped = await w.cli([], { MASKO_MAX_DOWNLOAD_BYTES: '100' });
    expect(capped.code, out(capped)).toBe(3);
    expect(capped.stderr).toMatch(/over the 100-byte cap/);
    expect(await w.project.sha256(before.path)).toBe(before.sha256);
    expect((await w.project.files()).filter((f) => f.endsWith('.part'))).toEqual([]);

    const again = await w.cli();
    expect(again.code, out(again)).toBe(0);
    // wave (1) + its edit (1) + animation (5) + transition (5): the capped run's jobs are collected, not bought again.
    expect(balance - (await w.emu.balance())).toBe(12);
    expect(await w.project.sha256(before.path)).not.toBe(before.sha256);
  });

  test('pull and --frozen honour the cap too: an altered file is not replaced by an oversized download', async ({ onTestFinished }) => {
    const w = await syncWorld(onTestFinished);
    const first = await w.cli();
    expect(first.code, out(first)).toBe(0);
    const file = (await w.project.lock()).assets.idle!.files.image!;
    await w.project.write(file.path, 'locally altered');
    for (const args of [['pull'], ['--frozen']]) {
      const r = await w.cli(args, { MASKO_API_KEY: undefined, MASKO_MAX_DOWNLOAD_BYTES: '100' });
      expect(r.code, `${args[0]}\n${out(r)}`).toBe(1);
      expect(r.stderr).toMatch(/cap/);
      expect((await w.project.read(file.path)).toString()).toBe('locally altered');
    }
    const r = await w.cli(['pull'], { MASKO_API_KEY: undefined });
    expect(r.code, out(r)).toBe(0);
    expect(await w.project.sha256(file.path)).toBe(file.sha256);
  });
});

describe.concurrent('locked URLs are checked against the exact origin before anything runs', () => {
  test("a URL on another port of the API's host is refused by pull, --frozen and sync with masko.lock:LINE:COL; no request reaches that port", async ({ onTestFinished }) => {
    const w = await syncWorld(onTestFinished);
    const first = await w.cli();
    expect(first.code, out(first)).toBe(0);
    const other = await trap(onTestFinished);
    const { path, lockBytes } = await lockPointingAt(w, `http://127.0.0.1:${other.port}/internal/admin?drop=all`);
    const requests = JSON.stringify(w.emu.emu.stats().requests);
    for (const args of [['pull'], ['--frozen'], []]) {
      const r = await w.cli(args);
      expect(r.code, `${args.join(' ') || 'sync'}\n${out(r)}`).toBe(1);
      expect(r.stderr).toMatch(/^error: masko\.lock:\d+:\d+: assets\.idle\.files\.image\.url: .*not on the Masko CDN or the API's own origin/m);
      expect(r.stderr).toMatch(/\n {2}fix: /);
      // A project moving off the emulator learns what to do, and what it costs.
      expect(r.stderr).toMatch(/to move the project to the real API, remove masko\.lock and the files it lists/);
      expect(w.project.exists(path)).toBe(false);
      expect(await w.project.lockBytes()).toEqual(lockBytes);
    }
    expect(other.hits()).toBe(0);
    expect(JSON.stringify(w.emu.emu.stats().requests), 'nothing was sent to the API either').toBe(requests);
  });
});
