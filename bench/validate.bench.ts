/** Loading + validating a generated 1,000-asset manifest in-process (goal: median < 100 ms); schema compile reported apart. */
import { pathToFileURL } from 'node:url';
import { compileManifestValidator, loadManifest, manifestValidator } from '../src/manifest/index.js';
import { buildGraph } from '../src/graph/index.js';
import { median, printTable, type BenchResult } from './lib.js';

/** A valid manifest with `count` assets mixing every kind, with references spread across the file. */
export function generateManifest(count: number): string {
  const lines = ['version: 1', 'collection: { name: Bench fox, description: a fox used for benchmarks }', 'output: { dir: assets/mascot }', 'defaults: { duration: 4, loop: false }', 'assets:'];
  for (let i = 0; i < count; i++) {
    const id = `asset-${i}`;
    const img = `asset-${i - (i % 8)}`; // every 8th asset is an image the others can point at
    switch (i % 8) {
      case 0:
        lines.push(`  ${id}: { type: image, image_prompt: pose number ${i} with a gentle smile }`);
        break;
      case 1:
        lines.push(`  ${id}:`, '    type: animation', `    image_prompt: dance pose ${i}`, `    animation_prompt: dancing with bouncy moves ${i}`, '    loop: true');
        break;
      case 2:
        lines.push(`  ${id}: { type: animation, source: ${img}, animation_prompt: waving smoothly ${i}, duration: 3 }`);
        break;
      case 3:
        lines.push(`  ${id}:`, '    type: animation', `    source: ${img}`, `    end: asset-${i - 2}`, `    animation_prompt: transition ${i}`, `    reverse: ${id}-back`);
        break;
      case 4:
      case 5:
        lines.push(`  ${id}: { type: edit, source: ${i % 8 === 4 ? img : `asset-${i - 1}`}, edit_instructions: add a hat number ${i} }`);
        break;
      case 6:
        lines.push(`  ${id}:`, '    type: logo', `    logo_description: face ${i}`, '    logo_style_name: Flat', '    logo_style_instruction: flat colours', '    output: assets/logos');
        break;
      default:
        lines.push(`  ${id}: { type: image, name: Image ${i}, image_prompt: another pose ${i} }`);
    }
  }
  return lines.join('\n') + '\n';
}

function time(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

/** Runs the benchmark. */
export async function run(): Promise<BenchResult[]> {
  const text = generateManifest(1000);
  const compile = time(() => manifestValidator());
  const fresh: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    await compileManifestValidator();
    fresh.push(performance.now() - start);
  }
  const check = loadManifest(text);
  if (!check.manifest) throw new Error(`bench manifest is invalid: ${JSON.stringify(check.diagnostics.slice(0, 3))}`);
  for (let i = 0; i < 5; i++) loadManifest(text); // warm up the JIT
  const load = median(Array.from({ length: 30 }, () => time(() => loadManifest(text))));
  const graph = median(Array.from({ length: 30 }, () => time(() => buildGraph(check.manifest!))));
  const assets = Object.keys(check.manifest.assets).length;
  return [
    { name: 'manifest validator first use (pre-generated)', value: compile, unit: 'ms', note: `compiling the schema at run time instead: median ${median(fresh).toFixed(1)} ms` },
    { name: 'load + validate 1,000-asset manifest (median of 30)', value: load, unit: 'ms', goal: '< 100 ms', met: load < 100, note: `${assets} assets after reverse expansion, ${(text.length / 1024).toFixed(0)} KiB` },
    { name: 'buildGraph 1,000-asset manifest (median of 30)', value: graph, unit: 'ms' },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) printTable(await run());
