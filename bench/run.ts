/** `npm run bench [-- name…]`: runs bench/*.bench.ts (those whose file name contains a name), prints a markdown table and writes bench/results.json. */
import { readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import { machine, printTable, type BenchResult } from './lib.js';

const dir = path.dirname(fileURLToPath(import.meta.url));
/** Names that stand for several bench files: `scale` is issue 15's figures (the scale runs, the 200-asset sync, plan start-up). */
const SUITES: Record<string, string[]> = { scale: ['scale', 'sync', 'plan'] };
const only = process.argv.slice(2).flatMap((o) => SUITES[o] ?? [o]);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
const results: BenchResult[] = [];
for (const file of files) {
  console.error(`bench: ${file}`);
  const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as { run: () => Promise<BenchResult[]> };
  results.push(...(await mod.run()));
}
writeFileSync(path.join(dir, 'results.json'), JSON.stringify({ machine: machine(), results }, null, 2) + '\n');
printTable(results);
