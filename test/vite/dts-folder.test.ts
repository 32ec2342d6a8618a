/** The plugin writes its declarations into a folder that does not exist yet: a project with no src/ crashed the build with ENOENT. */
import { readFile, stat } from 'node:fs/promises';
import type { ResolvedConfig } from 'vite';
import { afterEach, expect, it } from 'vitest';
import { masko } from '../../src/vite/index.js';
import { fixtureProject, type FixtureProject } from '../outputs/fixture-project.js';

const YAML = `version: 1
collection: col_x
assets:
  idle: { type: image, image_prompt: idle }
`;

let project: FixtureProject | undefined;
afterEach(async () => {
  await project?.cleanup();
  project = undefined;
});

it('creates the folder of the default src/masko-assets.d.ts in a project that has no src/', async () => {
  project = await fixtureProject(YAML);
  await expect(stat(project.abs('src'))).rejects.toMatchObject({ code: 'ENOENT' });
  const plugin = masko();
  (plugin.configResolved as (c: ResolvedConfig) => void)({ root: project.dir, command: 'build' } as ResolvedConfig);
  await (plugin.buildStart as (this: unknown) => Promise<void>).call({ warn: () => undefined });
  expect(await readFile(project.abs('src/masko-assets.d.ts'), 'utf8')).toMatch(/idle/);
});
