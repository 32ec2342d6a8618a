/** An edit of masko.yaml saved while `import` downloads is never overwritten: the import writes nothing and says to run it again. */
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import type * as realProjectFiles from '../../src/outputs/project-files.js';
import { out } from '../helpers/sync-fixtures.js';
import { IMPORT_MANIFEST, worldWithOutsideItem } from './outside-item.js';

// The first download of an armed import is where the user saves masko.yaml.
const edit = vi.hoisted(() => ({ armed: undefined as (() => Promise<void>) | undefined }));
vi.mock('../../src/outputs/project-files.js', async (importOriginal) => {
  const real = await importOriginal<typeof realProjectFiles>();
  return {
    ...real,
    projectFiles: (...args: Parameters<typeof real.projectFiles>) => {
      const files = real.projectFiles(...args);
      return {
        ...files,
        download: async (...a: Parameters<typeof files.download>) => {
          const save = edit.armed;
          edit.armed = undefined;
          await save?.();
          return files.download(...a);
        },
      };
    },
  };
});

describe('import while masko.yaml is being edited', () => {
  test('the edit survives: nothing is imported, nothing is left on disk, and the next import adopts the item under the edit', async ({ onTestFinished }) => {
    const w = await worldWithOutsideItem(onTestFinished, { type: 'image', name: 'Dance', image_prompt: 'dance pose' });
    const lockBefore = await w.project.read('masko.lock');
    const filesBefore = await w.project.files();

    const run = async () => {
      let stderr = '';
      const code = await main(['import'], {
        cwd: w.project.dir, env: w.emu.env, isTTY: false, signal: new AbortController().signal,
        stdout: () => undefined, stderr: (t) => void (stderr += t),
      });
      return { code, stderr, stdout: '', signal: null };
    };
    edit.armed = () => appendFile(path.join(w.project.dir, 'masko.yaml'), '  # a note saved during the import\n');
    const r = await run();
    expect(r.code, out(r)).toBe(1);
    expect(r.stderr).toMatch(/masko\.yaml changed while the import was downloading; to keep your edit, nothing was imported/);
    expect((await w.project.read('masko.yaml')).toString()).toBe(IMPORT_MANIFEST + '  # a note saved during the import\n');
    expect(await w.project.read('masko.lock')).toEqual(lockBefore);
    expect((await w.project.files()).filter((f) => !f.startsWith('.masko/'))).toEqual(filesBefore.filter((f) => !f.startsWith('.masko/')));

    const again = await run();
    expect(again.code, out(again)).toBe(0);
    const text = (await w.project.read('masko.yaml')).toString();
    expect(text).toContain('# a note saved during the import');
    expect(text).toMatch(/dance:/);
    expect((await w.project.lock()).assets.dance).toMatchObject({ status: 'completed', imported: true });
  });
});
