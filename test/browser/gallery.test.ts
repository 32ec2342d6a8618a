/** The gallery in a real browser: one card per asset, live pending → ready, a playing video, the static sheet from file://. */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { tempProject, type TempProject } from '../helpers/project.js';
import { startWatch, type WatchSession } from '../watch/session.js';
import { launchChromium } from './chromium.js';

const ARTIFACTS = path.join(ROOT, 'test', 'artifacts');
const MANIFEST = `version: 1
collection:
  name: Browser fox
  description: a small orange fox with a blue scarf
output:
  dir: out
  gallery: true
defaults: { duration: 1 }
assets:
  idle: { type: image, name: Idle, image_prompt: "standing relaxed" }
  wave: { type: image, name: Wave, image_prompt: "waving hello" }
  wave-animated: { type: animation, source: wave, name: Wave animated, animation_prompt: "waving smoothly", loop: true }
`;
/** What the watch starts from: the page is open and listening before the other cards exist. */
const FIRST = MANIFEST.replace(/\n {2}wave:[^\n]*\n {2}wave-animated:[^\n]*\n$/, '\n');

let browser: Browser;
let emu: TestEmulator;
let project: TempProject;
let watch: WatchSession | undefined;

beforeAll(async () => {
  browser = await launchChromium();
  // Slow image jobs, so the page sees its cards pending before they complete.
  emu = await startTestEmulator({ latencyMs: { image: 1500, animation: 300 } });
  project = await tempProject(FIRST);
  await mkdir(ARTIFACTS, { recursive: true });
}, 30_000);

afterAll(async () => {
  await watch?.stop();
  await browser?.close();
  await emu?.close();
  await project?.cleanup();
});

const cardState = (page: Page, id: string) => page.locator(`.card[data-id="${id}"]`).getAttribute('data-state');

describe('gallery in Chromium', () => {
  test('the live page shows one card per asset, a card turns from pending to ready without a reload, and its video plays', async () => {
    watch = await startWatch(project.dir, emu.env);
    const page = await browser.newPage({ viewport: { width: 1180, height: 760 } });
    page.on('pageerror', (err) => console.error('page error:', err));
    await page.goto(watch.url);
    // The cards to watch turn pending only once the page is open and its event stream is live: a
    // browser slow to open the page (a loaded machine) used to find wave already ready, and waited for
    // "pending" in vain.
    await watch.runs(1);
    await page.waitForSelector('.card[data-id="idle"][data-state="ready"]', { timeout: 20_000 });
    await page.waitForFunction('(window.__maskoEvents || 0) > 0');
    await project.writeManifest(MANIFEST);
    await expect.poll(() => page.locator('.card').count(), { timeout: 20_000 }).toBe(3);
    expect(await page.locator('.card h2').allTextContents()).toEqual(['Idle', 'Wave', 'Wave animated']);

    await page.waitForSelector('.card[data-id="wave"][data-state="pending"]', { timeout: 20_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'gallery-pending.png') });
    await page.evaluate('window.stayed = true');
    await page.waitForSelector('.card[data-id="wave"][data-state="ready"]', { timeout: 20_000 });
    // Same document: the update came over server-sent events, not a reload.
    expect(await page.evaluate('window.stayed')).toBe(true);
    expect(await page.evaluate('window.__maskoEvents || 0')).toBeGreaterThan(0);
    await page.waitForFunction(`[...document.querySelectorAll('.card[data-id="wave"] img')].every((i) => i.naturalWidth > 0)`);
    expect(await page.locator('.card[data-id="wave"] img').count()).toBe(2);

    await page.waitForSelector('.card[data-id="wave-animated"][data-state="ready"] video', { timeout: 30_000 });
    const videoJs = `document.querySelector('.card[data-id="wave-animated"] video')`;
    expect(await page.evaluate(`(() => { const v = ${videoJs}; return [v.muted, v.loop, v.autoplay, v.playsInline]; })()`)).toEqual([true, true, true, true]);
    const t0 = Number(await page.evaluate(`${videoJs}.currentTime`));
    await page.waitForFunction(`(() => { const v = ${videoJs}; return !v.paused && v.readyState >= 2 && v.currentTime > ${t0} + 0.2; })()`, undefined, { timeout: 15_000 });
    expect(await cardState(page, 'idle')).toBe('ready');
    expect(await page.locator('.card .credits').allTextContents()).toEqual(['1 credit', '1 credit', '5 credits']);
    await page.screenshot({ path: path.join(ARTIFACTS, 'gallery.png'), fullPage: true });
    await page.close();
  }, 60_000);

  test('the static contact sheet renders from file:// with its images and a playing video', async () => {
    expect(watch).toBeDefined();
    // The second run (the one that made wave and its clip) has written the sheet.
    await watch!.runs(2);
    expect(project.exists('out/index.html')).toBe(true);
    const page = await browser.newPage({ viewport: { width: 1180, height: 760 } });
    await page.goto(pathToFileURL(path.join(project.dir, 'out', 'index.html')).href);
    expect(await page.locator('.card').count()).toBe(3);
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('.card[data-state="ready"]').count()).toBe(3);
    await page.waitForFunction(`(() => { const imgs = [...document.querySelectorAll('img')]; return imgs.length === 4 && imgs.every((i) => i.complete && i.naturalWidth > 0); })()`);
    expect(await page.locator('img').first().getAttribute('src')).toBe('idle.png');
    await page.waitForFunction(`(() => { const v = document.querySelector('video'); return Boolean(v) && !v.paused && v.currentTime > 0.2; })()`, undefined, { timeout: 15_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'contact-sheet.png'), fullPage: true });
    await page.close();
  }, 60_000);
});
