/** The embedded emulator's files restore whatever port it runs on: a busy usual port is announced, and no lock ever needs editing. */
import { createServer, type Server } from 'node:net';
import { expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempProject } from '../helpers/project.js';
import { out } from '../helpers/sync-fixtures.js';

const MANIFEST = `version: 1
collection: { name: Port fox, description: a small orange fox }
output: { dir: out }
assets:
  idle: { type: image, image_prompt: standing relaxed }
  wave: { type: image, image_prompt: waving hello }
`;

/** A port nobody listens on right now. */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Another program holding `port`. */
async function occupy(port: number): Promise<Server> {
  const s = createServer();
  await new Promise<void>((resolve, reject) => s.once('error', reject).listen(port, '127.0.0.1', () => resolve()));
  return s;
}
const release = (s: Server) => new Promise<void>((r) => s.close(() => r()));

test('with its usual port busy, --emulator says so, and files locked at any of its ports are restored from where it listens', async ({ onTestFinished }) => {
  const project = await tempProject(MANIFEST);
  onTestFinished(() => project.cleanup());
  const usual = await freePort();
  const env = { MASKO_EMULATOR_PORT: String(usual) };
  const run = (args: string[]) => runCli([...args, '--emulator'], { cwd: project.dir, env });

  let squatter = await occupy(usual);
  const first = await run([]);
  await release(squatter);
  expect(first.code, out(first)).toBe(0);
  expect(first.stderr).toMatch(new RegExp(`note: port ${usual} is not available .*listens on port \\d+ for this run`));
  const lock = await project.lock();
  const idle = lock.assets.idle!.files.image!;
  const lockedPort = Number(new URL(idle.url).port);
  expect(lockedPort).not.toBe(usual);

  // The usual port is free again: the URL of the random port is fetched from it.
  await project.remove(idle.path);
  const pulled = await run(['pull']);
  expect(pulled.code, out(pulled)).toBe(0);
  expect(pulled.stderr).not.toMatch(/not available/);
  expect(await project.sha256(idle.path)).toBe(idle.sha256);

  // Busy again: moved to yet another port, the same lock still restores, by pull, --frozen and sync.
  for (const args of [['pull'], ['--frozen'], []]) {
    squatter = await occupy(usual);
    await project.remove(idle.path);
    const r = await run(args);
    await release(squatter);
    expect(r.code, `${args.join(' ') || 'sync'}\n${out(r)}`).toBe(0);
    expect(r.stderr).toMatch(/is not available/);
    expect(await project.sha256(idle.path)).toBe(idle.sha256);
  }
  expect((await project.lock()).assets.idle!.files.image!.url, 'the lock was not rewritten').toBe(idle.url);
});
