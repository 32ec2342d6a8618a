/** `masko-sync import` against every emulator dialect: items made elsewhere are adopted, and the next sync spends nothing. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import type { Plan } from '../../src/model/plan.js';
import type { TestEmulator } from '../helpers/emulator.js';
import { ALL_DIALECTS, expectFilesMatchLock, out, syncWorld } from '../helpers/sync-fixtures.js';

const MANIFEST = `# Our mascot (this comment, the quoting and the layout below must survive an import)
version: 1
collection:
  name: Test fox
  description: "a small orange fox"   # the character

output:
  dir: out
defaults: { duration: 1 }
assets:
  # made by masko-sync
  hello: { type: image, image_prompt: 'saying hello' }
`;

/** What a person with curl would do: generate straight on the API, then wait for the jobs. */
async function makeItems(emu: TestEmulator, collection: string): Promise<Record<string, string>> {
  const post = async (path: string, body: unknown, method = 'POST') => {
    const res = await fetch(emu.url + path, { method, headers: { authorization: `Bearer ${emu.key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status, `${method} ${path}: ${await res.clone().text()}`).toBeLessThan(300);
  };
  const gen = (body: unknown) => post(`/v1/collections/${collection}/generate`, body);
  await gen({ type: 'image', name: 'Waving Hello!', image_prompt: 'waving hello with a paw' });
  await gen({ type: 'animation', name: 'Dance', image_prompt: 'dance pose', animation_prompt: 'dancing', duration: 1, loop: true });
  await gen({ type: 'image', name: 'Hello', image_prompt: 'another hello' });
  await gen({ type: 'image', name: 'Old pose', image_prompt: 'old' });
  const done = await waitForJobs(emu);
  const wave = done.find((j) => j.item_name === 'Waving Hello!')!;
  await gen({ type: 'animation', name: 'Wave clip', source_image_asset_id: wave.asset_ids.image, animation_prompt: 'waving', duration: 1 });
  const all = await waitForJobs(emu);
  const items = Object.fromEntries(all.map((j) => [j.item_name, j.item_id]));
  await post(`/v1/items/${items['Old pose']}`, { archived: true }, 'PATCH');
  return items;
}

async function waitForJobs(emu: TestEmulator) {
  for (;;) {
    const jobs = await emu.jobs();
    if (jobs.every((j) => j.status === 'completed')) return jobs;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.concurrent.each(ALL_DIALECTS)('import (%s)', (dialect) => {
  test('adopts items made on the API; the next plan shows them unchanged and the next sync spends 0 credits and generates nothing', async ({ onTestFinished }) => {
    const w = await syncWorld(onTestFinished, { dialect, manifest: MANIFEST });
    const first = await w.cli();
    expect(first.code, out(first)).toBe(0);
    const collection = (await w.project.lock()).collection!;
    const items = await makeItems(w.emu, collection);
    const manifestBefore = await w.project.read('masko.yaml');
    const lockBefore = await w.project.lockBytes();

    const dry = await w.cli(['import', '--dry-run']);
    expect(dry.code, out(dry)).toBe(0);
    expect(dry.stdout).toContain('waving-hello:');
    expect(await w.project.read('masko.yaml')).toEqual(manifestBefore);
    expect(await w.project.lockBytes()).toEqual(lockBefore);

    const balance = await w.emu.balance();
    const generate = (await w.emu.stats()).generate_requests;
    const r = await w.cli(['import', '--json']);
    expect(r.code, out(r)).toBe(0);
    const summary = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { imported: Array<{ id: string; marked: boolean }>; skipped: Array<{ item_id: string; reason: string }> };
    expect(summary.imported.map((a) => a.id).sort()).toEqual(['dance', 'wave-clip', 'waving-hello']);
    // The manifest's own "hello" is never replaced; an archived item is left alone.
    expect(summary.skipped.find((s) => s.item_id === items.Hello)?.reason).toMatch(/already in masko\.yaml/);
    expect(summary.skipped.find((s) => s.item_id === items['Old pose'])?.reason).toMatch(/archived/);
    const helloItem = (await w.project.lock()).assets.hello!.item_id;
    expect(summary.skipped.find((s) => s.item_id === helloItem)?.reason).toMatch(/already in masko\.yaml as "hello"/);

    const text = (await w.project.read('masko.yaml')).toString('utf8');
    expect(text.startsWith(manifestBefore.toString('utf8'))).toBe(true);
    expect(text).toContain(`# imported from Masko item ${items['Waving Hello!']} ("Waving Hello!")`);
    const assets = (parse(text) as { assets: Record<string, Record<string, unknown>> }).assets;
    expect(assets['waving-hello']).toMatchObject({ type: 'image', name: 'Waving Hello!' });
    // Prompts where the dialect's item views carry them; otherwise the entry is marked.
    const givesPrompts = dialect === 'reference' || dialect === 'seed' || dialect === 'docs';
    expect(assets['waving-hello']!.image_prompt).toBe(givesPrompts ? 'waving hello with a paw' : undefined);
    expect(assets['waving-hello']!.imported).toBe(givesPrompts ? undefined : true);
    expect(assets.dance!.animation_prompt).toBe(dialect === 'reference' || dialect === 'seed' ? 'dancing' : undefined);
    expect(assets['wave-clip']).toMatchObject({ type: 'animation', imported: true });

    const lock = await w.project.lock();
    for (const id of ['dance', 'wave-clip', 'waving-hello']) {
      expect(lock.assets[id]).toMatchObject({ status: 'completed', credits: 0, imported: true });
    }
    expect(lock.assets['waving-hello']!.item_id).toBe(items['Waving Hello!']);
    await expectFilesMatchLock(w.project, lock);

    const planned = await w.cli(['plan', '--json', '--detailed-exitcode']);
    expect(planned.code, out(planned)).toBe(0);
    const plan = JSON.parse(planned.stdout) as Plan;
    expect(plan.waves.flat().map((s) => [s.id, s.action])).toEqual(expect.arrayContaining([['dance', 'unchanged'], ['wave-clip', 'unchanged'], ['waving-hello', 'unchanged'], ['hello', 'unchanged']]));

    const sync = await w.cli();
    expect(sync.code, out(sync)).toBe(0);
    expect(await w.emu.balance()).toBe(balance);
    expect((await w.emu.stats()).generate_requests).toBe(generate);
  });
});

describe('import refusals', () => {
  test('--collection that contradicts the manifest is a usage error; nothing is written', async ({ onTestFinished }) => {
    const w = await syncWorld(onTestFinished, { manifest: MANIFEST.replace(/collection:\n(?: {2}.*\n)+/, 'collection: col_mine\n') });
    const r = await w.cli(['import', '--collection', 'col_other']);
    expect(r.code, out(r)).toBe(4);
    expect(r.stderr).toMatch(/col_other is not this project's collection/);
    expect(await w.project.lockBytes()).toBeUndefined();
    expect(await readFile(path.join(w.project.dir, 'masko.yaml'), 'utf8')).toContain('collection: col_mine');
  });
});
