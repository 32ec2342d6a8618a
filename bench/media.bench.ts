/** Emulator media figures: time to produce each kind (image, transparent image, 4 s animation, logo pack), median of a few runs. */
import { pathToFileURL } from 'node:url';
import { createMediaRenderer } from '../src/emulator/media/index.js';
import { median, printTable, type BenchResult } from './lib.js';

async function timeIt(runs: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn(i);
    times.push(performance.now() - t);
  }
  return median(times);
}

/** Runs the media benchmarks (each run uses a fresh seed so nothing is cached). */
export async function run(): Promise<BenchResult[]> {
  const media = createMediaRenderer();
  const base = { description: 'a friendly red fox', prompt: 'waving hello with a santa hat' };
  const image = await timeIt(7, (i) => media.image({ ...base, seed: `img-${i}` }, { transparent: false }));
  const transparent = await timeIt(7, (i) => media.image({ ...base, seed: `tr-${i}` }, { transparent: true }));
  const animation = await timeIt(5, (i) => media.animation({ ...base, seed: `anim-${i}`, duration: 4, loop: true }));
  const transition = await timeIt(3, (i) => media.animation({ ...base, seed: `tr-${i}`, duration: 4, loop: false, endPrompt: 'dancing' }));
  const logo = await timeIt(5, (i) => media.logoPack({ ...base, seed: `logo-${i}`, styleName: 'vintage' }));
  const note = `video: ${media.videoMode}`;
  return [
    { name: 'media: image 512×512 PNG', value: image, unit: 'ms', goal: '< 50 ms', met: image < 50 },
    { name: 'media: transparent image 512×512 PNG', value: transparent, unit: 'ms', goal: '< 50 ms', met: transparent < 50 },
    { name: 'media: animation 4 s (mp4 + webm + mov)', value: animation, unit: 'ms', goal: '< 1500 ms', met: animation < 1500, note },
    { name: 'media: transition 4 s (mp4 + webm + mov)', value: transition, unit: 'ms', goal: '< 1500 ms', met: transition < 1500, note },
    { name: 'media: logo pack (4 PNGs)', value: logo, unit: 'ms', goal: '< 150 ms', met: logo < 150 },
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) printTable(await run());
