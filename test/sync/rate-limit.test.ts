/**
 * A first sync of 300 assets in three dependency levels against an emulator that enforces 30
 * requests a minute per key, with realistic job times, all run 20 times faster: the run pays only
 * what the plan costs, is never answered 429, and makes few API requests per asset.
 */
import { expect, test } from 'vitest';
import { expectOneJobPerAsset, out, statuses, syncWorld } from '../helpers/sync-fixtures.js';

const IMAGES = 150;
const EDITS = 100;
const ANIMATIONS = 50;
const ASSETS = IMAGES + EDITS + ANIMATIONS;
/** Image 1, edit 1, animating an image 5 a second (1 s clips): what no run can do for less. */
const MINIMUM_CREDITS = IMAGES + EDITS + ANIMATIONS * 5;

/** Images, edits of the first ones, one-second animations of the first edits: each level waits for the one before. */
function manifest(): string {
  const n = (i: number) => String(i).padStart(3, '0');
  const lines = ['version: 1', 'collection:', '  name: Limited fox', '  description: a small orange fox, friendly cartoon style', 'output: { dir: out }', 'assets:'];
  for (let i = 0; i < IMAGES; i++) lines.push(`  img-${n(i)}: { type: image, image_prompt: pose number ${i} }`);
  for (let i = 0; i < EDITS; i++) lines.push(`  edit-${n(i)}: { type: edit, source: img-${n(i)}, edit_instructions: add hat number ${i} }`);
  for (let i = 0; i < ANIMATIONS; i++) lines.push(`  anim-${n(i)}: { type: animation, source: edit-${n(i)}, animation_prompt: waving number ${i}, duration: 1 }`);
  return lines.join('\n') + '\n';
}

test(
  `a sync of ${ASSETS} assets at 30 requests a minute: the minimum credits, no 429, at most 0.3 API requests per asset`,
  async ({ onTestFinished }) => {
    const w = await syncWorld(onTestFinished, {
      manifest: manifest(),
      emulator: {
        rateLimit: { perMinute: 30 },
        timeScale: 20,
        latencyMs: { image: 8000, edit: 5000, animation: 60_000 },
        credits: 10_000,
      },
    });
    const before = await w.emu.balance();
    const run = await w.cli(['sync']);
    expect(run.code, out(run)).toBe(0);

    const lock = await w.project.lock();
    expect(Object.values(statuses(lock)).filter((s) => s === 'completed')).toHaveLength(ASSETS);
    await expectOneJobPerAsset(w.emu, lock);

    const stats = await w.emu.stats();
    expect(stats.credits_charged).toBe(MINIMUM_CREDITS);
    expect(stats.credits_refunded).toBe(0);
    expect(before - (await w.emu.balance())).toBe(MINIMUM_CREDITS);
    expect(stats.rate_limited).toBe(0);
    const api = Object.entries(stats.requests).filter(([route]) => / \/v1\//.test(route));
    const requests = api.reduce((sum, [, k]) => sum + k, 0);
    expect(requests / ASSETS, JSON.stringify(Object.fromEntries(api))).toBeLessThanOrEqual(0.3);
  },
  90_000,
);
