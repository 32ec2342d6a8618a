/** The plugin's refreshes (start-up, the watcher's, load()'s) run one at a time: overlapping writes of the declarations failed with EEXIST. */
import { readFile } from 'node:fs/promises';
import type { ResolvedConfig } from 'vite';
import { afterEach, expect, it, vi } from 'vitest';
import type * as atomic from '../../src/lockfile/atomic-write.js';
import { masko } from '../../src/vite/index.js';
import { fixtureProject, type FixtureProject } from '../outputs/fixture-project.js';

// Writing the declarations is slow (a loaded disk), and how many writes run at once is counted.
const writes = vi.hoisted(() => ({ inFlight: 0, most: 0 }));
vi.mock('../../src/lockfile/atomic-write.js', async (importOriginal) => {
  const real = await importOriginal<typeof atomic>();
  return {
    ...real,
    writeIfChanged: async (file: string, text: string) => {
      writes.most = Math.max(writes.most, ++writes.inFlight);
      try {
        await new Promise((r) => setTimeout(r, 100));
        return await real.writeIfChanged(file, text);
      } finally {
        writes.inFlight--;
      }
    },
  };
});

const YAML = `version: 1
collection: col_x
output:
  dir: src/mascot
assets:
  idle: { type: image, image_prompt: idle }
  wave: { type: image, image_prompt: wave }
`;

let project: FixtureProject | undefined;
afterEach(async () => {
  await project?.cleanup();
  project = undefined;
});

it('three refreshes at once (as start-up, a changed masko.lock and a page load make them) all succeed, one write at a time', async () => {
  project = await fixtureProject(YAML);
  const plugin = masko({ dts: 'src/masko-assets.d.ts' });
  (plugin.configResolved as (c: ResolvedConfig) => void)({ root: project.dir, command: 'serve' } as ResolvedConfig);
  // buildStart is a refresh, the same one the watcher and load() call.
  const refresh = plugin.buildStart as (this: unknown) => Promise<void>;
  const ctx = { warn: () => undefined };
  const outcomes = await Promise.allSettled([refresh.call(ctx), refresh.call(ctx), refresh.call(ctx)]);
  expect(outcomes.map((o) => (o.status === 'fulfilled' ? 'ok' : String(o.reason)))).toEqual(['ok', 'ok', 'ok']);
  expect(writes.most).toBe(1);
  expect(await readFile(project.abs('src/masko-assets.d.ts'), 'utf8')).toMatch(/idle/);
});
