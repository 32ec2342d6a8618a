/** `watch` keeps hearing saves after atomic renames, and a burst of saves pays once per asset, the last state winning. */
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { startTestEmulator } from '../helpers/emulator.js';
import { tempProject } from '../helpers/project.js';
import { startWatch } from './session.js';

const manifest = (wave: string) => `version: 1
collection:
  name: Watch fox
  description: a small orange fox with a blue scarf
output:
  dir: out
assets:
  idle: { type: image, image_prompt: "standing relaxed" }
  wave: { type: image, image_prompt: "${wave}" }
`;

async function world(onFinished: (fn: () => Promise<void>) => void) {
  const emu = await startTestEmulator({ latencyMs: 20 });
  const project = await tempProject(manifest('waving hello'));
  onFinished(async () => {
    await emu.close();
    await project.cleanup();
  });
  return { emu, project };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Saves like `sed -i`: a temp file next to it, renamed over it. */
async function sedSave(file: string, text: string, n: number): Promise<void> {
  const tmp = path.join(path.dirname(file), `sed${n}`);
  await writeFile(tmp, text);
  await rename(tmp, file);
}

describe.concurrent('watch and saves', () => {
  test('two atomic saves in a row (sed -i twice, two renames 0 ms apart) leave the watch listening: every later save is applied', async ({ onTestFinished }) => {
    const { emu, project } = await world(onTestFinished);
    const file = path.join(project.dir, 'masko.yaml');
    const w = await startWatch(project.dir, emu.env);
    await w.runs(1);
    expect(w.outcomes).toEqual(['applied']);

    await sedSave(file, manifest('waving one'), 1);
    await sedSave(file, manifest('waving two'), 2);
    /** Until wave is completed with `prompt` and no run is in flight any more. */
    const untilPrompt = async (prompt: string) => {
      const done = async () => {
        const wave = (await project.lock()).assets.wave!;
        return wave.inputs.image_prompt === prompt && wave.status === 'completed' && w.running() === 0;
      };
      for (let i = 0; i < 200 && !(await done()); i++) await sleep(50);
      expect((await project.lock()).assets.wave!.inputs.image_prompt).toBe(prompt);
    };
    await untilPrompt('waving two');

    // Two renames 0 ms apart.
    await writeFile(path.join(project.dir, 'a.tmp'), manifest('waving three'));
    await writeFile(path.join(project.dir, 'b.tmp'), manifest('waving four'));
    await rename(path.join(project.dir, 'a.tmp'), file);
    await rename(path.join(project.dir, 'b.tmp'), file);
    await untilPrompt('waving four');

    // A plain save long after: still heard, and the gallery tells the truth.
    await sleep(300);
    await writeFile(file, manifest('waving five'));
    await untilPrompt('waving five');
    const state = (await (await fetch(w.url + 'state.json')).json()) as { cards: Array<{ id: string; prompts: string[][] }> };
    expect(state.cards.find((c) => c.id === 'wave')!.prompts).toEqual([['image', 'waving five']]);
    expect(await w.stop()).toBe(0);
  });

  test('three saves 0.3–0.5 s apart pay one generation, for the last one', async ({ onTestFinished }) => {
    const { emu, project } = await world(onTestFinished);
    const file = path.join(project.dir, 'masko.yaml');
    // A quiet period far longer than the gaps, so a stalled event loop on a loaded machine cannot
    // stretch a 0.5 s gap past it (with 900 ms there were only ~400 ms to spare; now 2 s).
    const w = await startWatch(project.dir, emu.env, { quietMs: 2500 });
    await w.runs(1);
    expect(w.outcomes).toEqual(['applied']);
    const balance = await emu.balance();
    const generates = emu.emu.stats().generateRequests;

    await writeFile(file, manifest('burst one'));
    await sleep(300);
    await writeFile(file, manifest('burst two'));
    await sleep(500);
    await writeFile(file, manifest('burst three'));
    for (let i = 0; i < 400 && ((await project.lock()).assets.wave!.status !== 'completed' || (await project.lock()).assets.wave!.inputs.image_prompt !== 'burst three'); i++) await sleep(50);
    expect((await project.lock()).assets.wave!.inputs.image_prompt).toBe('burst three');
    expect(balance - (await emu.balance()), 'credits paid for the burst').toBe(1);
    expect(emu.emu.stats().generateRequests - generates).toBe(1);
    // The run that paid has ended (stopping mid-run would be an interruption).
    for (let i = 0; i < 200 && w.running() > 0; i++) await sleep(25);
    expect(await w.stop()).toBe(0);
  }, 60_000);
});
