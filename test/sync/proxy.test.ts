/**
 * HTTP_PROXY / HTTPS_PROXY / NO_PROXY end to end: the built CLI syncs through a forward proxy on
 * 127.0.0.1 (API calls and downloads), NO_PROXY exempts hosts, the embedded emulator is never proxied.
 * Loopback is not exempt by default (as with curl and undici), which is what lets a local proxy see
 * the local emulator's traffic here.
 */
import { describe, expect, test } from 'vitest';
import { startForwardProxy } from '../helpers/forward-proxy.js';
import { expectFilesMatchLock, out, STANDARD_IDS, syncWorld } from '../helpers/sync-fixtures.js';

/** The proxy variables of this test only: the machine's own (either case) are cleared. */
function proxyEnv(vars: Record<string, string | undefined>): Record<string, string | undefined> {
  const cleared = Object.fromEntries(['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY'].flatMap((n) => [[n, undefined], [n.toLowerCase(), undefined]]));
  return { ...cleared, ...vars };
}

describe.concurrent('sync through an HTTP proxy', () => {
  test('HTTP_PROXY carries every API request and download; the result is the same as without', async ({ onTestFinished }) => {
    const w = await syncWorld(onTestFinished);
    const proxy = await startForwardProxy();
    onTestFinished(() => proxy.close());
    const r = await w.cli([], proxyEnv({ HTTP_PROXY: proxy.url }));
    expect(r.code, out(r)).toBe(0);
    const lock = await w.project.lock();
    expect(Object.keys(lock.assets).sort()).toEqual([...STANDARD_IDS].sort());
    await expectFilesMatchLock(w.project, lock);
    const host = new URL(w.emu.url).host;
    expect(proxy.tunnels.length).toBeGreaterThan(0);
    expect(new Set(proxy.tunnels)).toEqual(new Set([host]));
    expect(proxy.requests).toContain('GET /v1/credits');
    expect(proxy.requests.some((q) => /^POST \/v1\/collections\/[^/]+\/generate-batch$/.test(q))).toBe(true);
    expect(proxy.requests.filter((q) => q.startsWith('GET /cdn/')).length).toBeGreaterThanOrEqual(STANDARD_IDS.length);
    // Every request the emulator answered (API and CDN) came through the proxy.
    const served = Object.values(w.emu.emu.stats().requests).reduce((a, b) => a + b, 0);
    expect(proxy.requests.length).toBe(served);
  });

  test('credentials in the proxy URL go to the proxy only; NO_PROXY exempts the host; --emulator is never proxied', async ({ onTestFinished }) => {
    const w = await syncWorld(onTestFinished);
    const proxy = await startForwardProxy();
    onTestFinished(() => proxy.close());
    const withAuth = proxy.url.replace('http://', 'http://team:s3cret@');
    const r = await w.cli(['--verbose'], proxyEnv({ https_proxy: withAuth, http_proxy: withAuth }));
    expect(r.code, out(r)).toBe(0);
    expect(new Set(proxy.authorizations)).toEqual(new Set([`Basic ${Buffer.from('team:s3cret').toString('base64')}`]));
    expect(r.stderr + r.stdout).not.toContain('s3cret');

    const seen = proxy.requests.length;
    await w.project.writeManifest((await w.project.read('masko.yaml')).toString().replace('standing relaxed', 'standing tall'));
    const direct = await w.cli([], proxyEnv({ HTTP_PROXY: proxy.url, NO_PROXY: `localhost, ${new URL(w.emu.url).hostname}` }));
    expect(direct.code, out(direct)).toBe(0);
    expect(proxy.requests.length).toBe(seen);

    const embedded = await w.cli(['--emulator', '--only', 'idle'], proxyEnv({ HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url }));
    expect(embedded.code, out(embedded)).toBe(0);
    expect(proxy.requests.length).toBe(seen);
  });

  test('a proxy URL that is not a URL is a clear error (exit 1), the password masked', async ({ onTestFinished }) => {
    const w = await syncWorld(onTestFinished);
    const r = await w.cli([], proxyEnv({ HTTPS_PROXY: 'team:pw@proxy:8080' }));
    expect(r.code, out(r)).toBe(1);
    expect(r.stderr).toMatch(/error: the proxy ".*" \(HTTP_PROXY \/ HTTPS_PROXY\) is not a URL/);
    expect(r.stderr).not.toContain(':pw@');
  });
});
