// The plugin on a real Vite dev server: while masko.yaml is ahead of masko.lock it warns in the
// terminal and sends the error overlay to every page (over Vite's real HMR WebSocket); once the lock
// catches up the warning stops and the page reloads with the new module. It never calls the API.
import { readFile, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'undici';
import { createLogger, createServer, type ViteDevServer } from 'vite';
import { afterEach, describe, expect, it } from 'vitest';
import { serializeLock } from '../../src/lockfile/index.js';
import type { Lockfile } from '../../src/model/lock.js';
import { masko } from '../../src/vite/index.js';
import { fixtureProject, noisePng, settleFingerprints, type FixtureProject } from '../outputs/fixture-project.js';

const YAML = `version: 1
collection: col_x
output:
  dir: src/mascot
assets:
  idle: { type: image, image_prompt: idle }
  wave: { type: image, image_prompt: wave }
  later: { type: image, image_prompt: not generated yet }
`;

interface Client {
  /** Resolves with the first message (after those already seen) that matches. */
  next(match: (m: Message) => boolean): Promise<Message>;
  seen: Message[];
  close(): void;
}
interface Message {
  type: string;
  event?: string;
  err?: { message: string; plugin?: string };
}

/** A client of Vite's HMR socket, as the browser page opens it. */
async function connect(server: ViteDevServer): Promise<Client> {
  const address = server.httpServer!.address() as { port: number };
  const ws = new WebSocket(`ws://127.0.0.1:${address.port}/?token=${server.config.webSocketToken}`, 'vite-hmr');
  const seen: Message[] = [];
  const waiters: Array<{ match: (m: Message) => boolean; resolve: (m: Message) => void; from: number }> = [];
  ws.addEventListener('message', (e) => {
    seen.push(JSON.parse(String(e.data)) as Message);
    for (const w of [...waiters]) {
      const hit = seen.slice(w.from).find(w.match);
      if (!hit) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(hit);
    }
  });
  const client: Client = {
    seen,
    next: (match) => new Promise((resolve) => waiters.push({ match, resolve, from: seen.length })),
    close: () => ws.close(),
  };
  const connected = new Promise<Message>((resolve) => waiters.push({ match: (m) => m.type === 'connected', resolve, from: 0 }));
  await connected;
  return client;
}

/** A marker sent by the test itself: every message the server sent before it has arrived once it does. */
async function drain(server: ViteDevServer, client: Client): Promise<Message[]> {
  const from = client.seen.length;
  const marker = client.next((m) => m.type === 'custom' && m.event === 'test:marker');
  server.ws.send('test:marker', {});
  await marker;
  return client.seen.slice(from);
}

let server: ViteDevServer | undefined;
let project: FixtureProject | undefined;
afterEach(async () => {
  await server?.close();
  await project?.cleanup();
  server = undefined;
  project = undefined;
});

async function start(p: FixtureProject): Promise<{ warnings: string[] }> {
  const warnings: string[] = [];
  const logger = createLogger('warn');
  logger.warn = (msg) => void warnings.push(msg);
  server = await createServer({ root: p.dir, configFile: false, customLogger: logger, plugins: [masko({ dts: false })], server: { port: 0, host: '127.0.0.1', strictPort: false } });
  await server.listen();
  return { warnings };
}

async function virtualModule(): Promise<string> {
  const address = server!.httpServer!.address() as { port: number };
  const res = await fetch(`http://127.0.0.1:${address.port}/@id/__x00__virtual:masko-assets`);
  expect(res.status).toBe(200);
  return res.text();
}

describe('masko() on the dev server', () => {
  it('warns in the terminal and the overlay while masko.yaml is ahead, and stops once the lock catches up', async () => {
    project = await fixtureProject(YAML, { statuses: { later: 'missing' } });
    const p = project;
    const { warnings } = await start(p);
    const page = await connect(server!);
    // The overlay comes with the page's connection.
    const overlay = page.seen.find((m) => m.type === 'error') ?? (await page.next((m) => m.type === 'error'));
    expect(overlay.err?.plugin).toBe('masko-sync');
    expect(overlay.err?.message).toMatch(/masko\.yaml is ahead of masko\.lock: 1 to create \(later\); about 1 credit\./);
    expect(overlay.err?.message).toMatch(/npx masko-sync/);
    expect(warnings.join('\n')).toMatch(/\[masko-sync\] masko\.yaml is ahead of masko\.lock/);

    // The virtual module lists the missing asset.
    const code = await virtualModule();
    expect(code).toMatch(/export const later = \{\n {2}id: "later",[\s\S]*?status: "missing",\n {2}files: \{\},/);
    // Vite serves the plugin's absolute file paths root-relative.
    expect(code).toMatch(/import idle_image from "[^"]*\/src\/mascot\/idle\.png(\?import)?";/);

    // The lock catches up (as a sync would leave it): the page reloads, the warning is gone.
    const png = noisePng({ width: 50, height: 40 }, 77);
    await writeFile(p.abs('src/mascot/later.png'), png);
    const lock = JSON.parse(await readFile(p.abs('masko.lock'), 'utf8')) as Lockfile;
    lock.assets.later = { ...structuredClone(lock.assets.idle!), name: 'Later', job_id: 'job_later', item_id: 'itm_later', files: { image: { asset_id: 'ast_later', url: 'https://cdn.masko.test/later.png', path: 'src/mascot/later.png', bytes: png.length, sha256: createHash('sha256').update(png).digest('hex') } } };
    settleFingerprints(p.manifest, lock);
    const warned = warnings.length;
    const reload = page.next((m) => m.type === 'full-reload');
    await writeFile(p.abs('masko.lock'), serializeLock(lock));
    await reload;
    expect(warnings.length).toBe(warned);
    const after = await virtualModule();
    expect(after).toMatch(/export const later = \{[\s\S]*?status: "completed",[\s\S]*?width: 50,\n {6}height: 40,/);
    const fresh = await connect(server!);
    expect((await drain(server!, fresh)).concat(fresh.seen).filter((m) => m.type === 'error')).toEqual([]);
    page.close();
    fresh.close();
  }, 60_000);

  it('reports an invalid masko.yaml with its diagnostics', async () => {
    project = await fixtureProject(YAML);
    const p = project;
    const { warnings } = await start(p);
    const page = await connect(server!);
    expect((await drain(server!, page)).filter((m) => m.type === 'error')).toEqual([]);
    const error = page.next((m) => m.type === 'error');
    await writeFile(p.abs('masko.yaml'), YAML.replace('type: image, image_prompt: wave', 'type: imag, image_prompt: wave'));
    expect((await error).err?.message).toMatch(/masko\.yaml is not valid:[\s\S]*SCHEMA_ENUM|must be one of/);
    expect(warnings.join('\n')).toMatch(/masko\.yaml is not valid/);
    page.close();
  }, 60_000);
});

describe('the plugin never reaches the API', () => {
  it('imports nothing from src/api, src/apply or the CLI', async () => {
    const seen = new Set<string>();
    const walk = async (file: string): Promise<void> => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = await readFile(file, 'utf8');
      for (const [, spec] of text.matchAll(/^(?:import|export)\s(?!type\s)[^'"]*?from\s+'(\.[^']+)'/gm)) {
        await walk(path.resolve(path.dirname(file), spec!.replace(/\.js$/, '.ts')));
      }
    };
    await walk(fileURLToPath(new URL('../../src/vite/index.ts', import.meta.url)));
    const rel = [...seen].map((f) => path.relative(fileURLToPath(new URL('../../src/', import.meta.url)), f));
    expect(rel).toContain('vite/project-state.ts');
    expect(rel).toContain('plan/build-plan.ts');
    expect(rel.filter((f) => /^(api|apply|cli|emulator)\//.test(f))).toEqual([]);
  });
});
