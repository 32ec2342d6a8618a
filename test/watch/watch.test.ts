/** `watch` in process against a real emulator over HTTP: runs per save, invalid edits, the budget, previews, the lock, the file server. */
import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { acquireRunLock } from '../../src/operations/run-lock.js';
import type { Card } from '../../src/gallery/cards.js';
import { startTestEmulator } from '../helpers/emulator.js';
import { tempProject } from '../helpers/project.js';
import { startWatch } from './session.js';

const manifest = (wave = 'waving hello', extra = '') => `version: 1
collection:
  name: Watch fox
  description: a small orange fox with a blue scarf
output:
  dir: out
defaults: { duration: 1 }
assets:
  idle: { type: image, image_prompt: "standing relaxed" }
  wave: { type: image, image_prompt: "${wave}" }
${extra}`;

async function world(onFinished: (fn: () => Promise<void>) => void, text = manifest()) {
  const emu = await startTestEmulator({ latencyMs: 20 });
  const project = await tempProject(text);
  onFinished(async () => {
    await emu.close();
    await project.cleanup();
  });
  return { emu, project };
}

async function state(url: string): Promise<{ status: { text: string }; cards: Card[] }> {
  return (await (await fetch(url + 'state.json')).json()) as { status: { text: string }; cards: Card[] };
}

/** GET with a forged Host header (fetch does not allow setting it). */
function statusWithHost(url: string, host: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode);
    }).on('error', reject);
  });
}

describe.concurrent('watch', () => {
  test('applies at start and once per save, one run at a time; Ctrl-C releases the lock and exits 0', async ({ onTestFinished }) => {
    const { emu, project } = await world(onTestFinished);
    const w = await startWatch(project.dir, emu.env);
    await w.runs(1);
    expect(w.outcomes).toEqual(['applied']);
    expect(w.stderr()).toContain('Gallery: http://127.0.0.1:');
    expect(w.stderr()).toMatch(/\+ idle\s+create/);
    const first = await project.lock();
    expect(Object.values(first.assets).map((a) => a.status)).toEqual(['completed', 'completed']);
    // The lock is held for the whole session.
    await expect(acquireRunLock(project.dir, 'sync')).rejects.toThrow(/another masko-sync run holds the project lock/);

    await project.writeManifest(manifest('waving hello warmly'));
    await w.runs(2);
    expect(w.outcomes[1]).toBe('applied');
    const second = await project.lock();
    expect(second.assets.wave!.job_id).not.toBe(first.assets.wave!.job_id);
    expect(second.assets.idle!.job_id).toBe(first.assets.idle!.job_id);
    const cards = (await state(w.url)).cards;
    expect(cards.map((c) => [c.id, c.state])).toEqual([['idle', 'ready'], ['wave', 'ready']]);

    // A burst of saves while idle: coalesced, and the last content wins. Written without yielding, so
    // the five land within one settle period however loaded the machine is (awaited writes gave the
    // watch's timers a turn between saves, and a busy loop could spread them into separate changes).
    for (let i = 0; i < 5; i++) writeFileSync(path.join(project.dir, 'masko.yaml'), manifest(`burst ${i}`));
    await w.runs(3);
    for (let i = 0; i < 200 && (await project.lock()).assets.wave!.inputs.image_prompt !== 'burst 4'; i++) await new Promise((r) => setTimeout(r, 50));
    expect((await project.lock()).assets.wave!.inputs.image_prompt).toBe('burst 4');
    // Five saves: at most two runs (one may have started on an early save), never two at once.
    expect(w.outcomes.length).toBeLessThanOrEqual(4);
    expect(w.maxConcurrent()).toBe(1);

    expect(await w.stop()).toBe(0);
    const lock = await acquireRunLock(project.dir, 'sync');
    await lock.release();
    expect(w.stderr()).toContain('releasing the project lock');
  });

  test('invalid YAML half-way through an edit shows diagnostics, spends nothing and keeps watching', async ({ onTestFinished }) => {
    const { emu, project } = await world(onTestFinished);
    const w = await startWatch(project.dir, emu.env);
    await w.runs(1);
    const balance = await emu.balance();
    const requests = emu.emu.stats().generateRequests;

    await project.writeManifest(manifest('waving again').replace('assets:', 'assets: [').replace('  wave:', '  wave:: :'));
    await w.runs(2);
    expect(w.outcomes[1]).toBe('invalid');
    expect(w.stderr()).toMatch(/masko\.yaml:\d+:\d+ error/);
    expect(w.stderr()).toContain('Still watching; nothing was spent');
    expect((await state(w.url)).status.text).toMatch(/invalid/);
    expect(await emu.balance()).toBe(balance);
    expect(emu.emu.stats().generateRequests).toBe(requests);

    await project.writeManifest(manifest('waving again'));
    await w.runs(3);
    expect(w.outcomes[2]).toBe('applied');
    expect(await emu.balance()).toBe(balance - 1);
    expect(await w.stop()).toBe(0);
  });

  test('a change over the per-change budget is skipped without a terminal, and applied after a yes on one', async ({ onTestFinished }) => {
    const { emu, project } = await world(onTestFinished);
    const balance = await emu.balance();
    const w = await startWatch(project.dir, emu.env, { maxCredits: 1 });
    await w.runs(1);
    expect(w.outcomes).toEqual(['skipped']);
    expect(w.stderr()).toMatch(/skipped: this change would spend an estimated 2 credits, over the watch budget of 1 per change\. Nothing was submitted/);
    expect(await emu.balance()).toBe(balance);
    expect(project.exists('masko.lock')).toBe(false);
    expect(await w.stop()).toBe(0);

    const questions: string[] = [];
    const tty = await startWatch(project.dir, emu.env, { maxCredits: 1 }, { confirm: async (q) => (questions.push(q), true) });
    await tty.runs(1);
    expect(tty.outcomes).toEqual(['applied']);
    expect(questions[0]).toMatch(/2 credits.*Apply it\? \[y\/N\]/);
    expect(await emu.balance()).toBe(balance - 2);
    expect(await tty.stop()).toBe(0);
  });

  test('--preview turns a changed image prompt into a free preview shown in the gallery; only listed files are served', async ({ onTestFinished }) => {
    const { emu, project } = await world(onTestFinished);
    const w = await startWatch(project.dir, emu.env, { preview: true });
    await w.runs(1);
    // Both images are new: both previewed, nothing paid (the collection is created, which is free).
    expect(await emu.balance()).toBe(1000);
    let cards = (await state(w.url)).cards;
    expect(cards.map((c) => c.state)).toEqual(['preview', 'preview']);
    const previewPath = (cards[1]!.media[0] as { path: string }).path;
    expect(previewPath).toMatch(/^\.masko\/previews\/wave-[0-9a-f]{12}\.png$/);
    const png = await fetch(w.url + 'files/' + previewPath);
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await png.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG');

    await project.writeManifest(manifest('waving with both paws'));
    await w.runs(2);
    cards = (await state(w.url)).cards;
    expect(cards[1]!.state).toBe('preview');
    expect(cards[1]!.prompts).toEqual([['image', 'waving with both paws']]);
    expect(await emu.balance()).toBe(1000);
    expect(emu.emu.stats().generateRequests).toBe(0);

    for (const p of ['files/masko.yaml', 'files/masko.lock', 'files/..%2Fmasko.yaml', 'files/.masko/run.lock', 'files/%2Fetc%2Fpasswd']) {
      expect((await fetch(w.url + p)).status, p).toBe(404);
    }
    expect(await statusWithHost(w.url, 'evil.example')).toBe(403);
    const html = await (await fetch(w.url)).text();
    expect(html).toContain('data-state="preview"');
    expect(await readFile(path.join(project.dir, '.masko', 'run.lock'), 'utf8')).toContain('"command":"watch"');
    expect(await w.stop()).toBe(0);
  });
});
