/** The API key is never printed or written: runs with faults, a failing job, retries and a refused key, then every byte is searched. */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { expect, test } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';
import { tempProject } from '../helpers/project.js';
import { out, standardManifest, syncWorld } from '../helpers/sync-fixtures.js';

/** Sentinel keys: distinctive hex that cannot occur by chance in ids, hashes or media. */
const SENTINEL = 'masko_' + '5e471e1c'.repeat(8);
const REFUSED = 'masko_' + 'dec1ded0'.repeat(8);

/** Every form in which a key could leak: whole, its hex, a recognisable prefix, base64 (an auth header dump). */
function leakForms(key: string): string[] {
  const hex = key.slice('masko_'.length);
  return [key, hex, hex.slice(0, 16), Buffer.from(key).toString('base64'), Buffer.from(`Bearer ${key}`).toString('base64')];
}

test('the API key appears in no output, log, lock, index, TS module, gallery or .masko/ file, whatever happens', async ({ onTestFinished }) => {
  const manifest = (wave: string) => standardManifest({ prompts: { wave } }).replace('  dir: out\n', '  dir: out\n  typescript: src/mascot.ts\n  gallery: true\n');
  const w = await syncWorld(onTestFinished, {
    manifest: manifest('waving hello EXPLODE'),
    emulator: {
      keys: [{ key: SENTINEL }],
      seed: 77,
      faults: { serverErrorRate: 0.1, rateLimitRate: 0.1, retryAfterSeconds: 0, dropConnectionRate: 0.05, truncateCdnRate: 0.2, failPromptsContaining: ['EXPLODE'] },
    },
  });
  const key = { MASKO_API_KEY: SENTINEL };
  const runs: CliResult[] = [];
  const run = async (args: string[], env: Record<string, string | undefined> = key) => {
    const r = await w.cli(args, env);
    runs.push(r);
    return r;
  };

  // A failing job (exit 3) under request faults, in both output modes.
  const failed = await run(['--json']);
  expect(failed.code, out(failed)).toBe(3);
  expect(await run([])).toMatchObject({ code: 3 });
  // Fixed: the retry run finishes, then every other command once.
  await w.project.writeManifest(manifest('waving hello again'));
  const fixed = await run(['--json']);
  expect(fixed.code, out(fixed)).toBe(0);
  for (const args of [['plan', '--json'], ['plan'], ['explain', 'wave'], ['pull'], ['--frozen'], ['--frozen', '--json'], ['prune', '--dry-run'], ['validate', '--json']]) {
    const r = await run(args);
    expect(r.code, `${args.join(' ')}\n${out(r)}`).toBe(0);
  }
  // A refused key: the message says so without echoing it (nor the one that works).
  await w.project.writeManifest(manifest('waving hello once more'));
  const refused = await run([], { MASKO_API_KEY: REFUSED });
  expect(refused.code, out(refused)).toBe(1);
  expect(refused.stderr).toMatch(/invalid or revoked API key|401/);
  const refusedJson = await run(['--json'], { MASKO_API_KEY: REFUSED });
  expect(refusedJson.code, out(refusedJson)).toBe(1);

  // Retries and failures really happened, so their messages were searched too.
  const stderr = runs.map((r) => r.stderr).join('\n');
  expect(stderr).toMatch(/retrying /);
  expect(stderr).toMatch(/generation_failed/);

  const forms = [...leakForms(SENTINEL), ...leakForms(REFUSED)];
  for (const [i, r] of runs.entries()) {
    for (const form of forms) {
      expect(r.stdout.includes(form), `run ${i} stdout contains ${form}`).toBe(false);
      expect(r.stderr.includes(form), `run ${i} stderr contains ${form}`).toBe(false);
    }
  }
  const files = await w.project.files();
  for (const expected of ['masko.lock', 'out/masko-assets.json', 'src/mascot.ts', 'out/index.html']) expect(files).toContain(expected);
  expect(files.filter((f) => f.startsWith('.masko/')).length).toBeGreaterThan(0);
  for (const f of files) {
    const bytes = await readFile(path.join(w.project.dir, f));
    for (const form of forms) expect(bytes.includes(form), `${f} contains ${form}`).toBe(false);
  }
});

test('a server or proxy that echoes the Authorization header in its errors never gets the key printed, in text or --json', async ({ onTestFinished }) => {
  let requests = 0;
  const echo = createServer((req, res) => {
    requests++;
    const auth = String(req.headers.authorization ?? '');
    // First a few 5xx (retried and logged), then a 4xx that ends the run; both quote the header.
    const status = requests % 4 === 0 ? 400 : 502;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { code: status === 400 ? 'invalid_request' : 'bad_gateway', message: `rejected header "Authorization: ${auth}" (${Buffer.from(auth).toString('base64')})` } }));
  });
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
  onTestFinished(() => new Promise<void>((r) => echo.close(() => r())));
  const project = await tempProject(standardManifest());
  onTestFinished(() => project.cleanup());
  const env = { MASKO_API_URL: `http://127.0.0.1:${(echo.address() as AddressInfo).port}`, MASKO_API_KEY: SENTINEL };
  const runs = [await runCli([], { cwd: project.dir, env }), await runCli(['--json'], { cwd: project.dir, env })];
  for (const r of runs) {
    expect(r.code, out(r)).toBe(1);
    expect(r.stderr, 'the echo reached the output (redacted)').toMatch(/Authorization: Bearer masko_…\(redacted\)/);
    for (const form of leakForms(SENTINEL)) {
      expect(r.stdout.includes(form), `stdout contains ${form}`).toBe(false);
      expect(r.stderr.includes(form), `stderr contains ${form}`).toBe(false);
    }
  }
  const error = JSON.parse(runs[1]!.stdout.trim().split('\n').at(-1)!) as { event: string; message: string };
  expect(error).toMatchObject({ event: 'error', exit_code: 1 });
  expect(error.message).toContain('masko_…(redacted)');
  expect(requests).toBeGreaterThan(2);
});
