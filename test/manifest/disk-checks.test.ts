/** Manifests that validate used to pass and sync failed on after paying: validate, plan and sync now refuse them up front (exit 4, line:col). */
import { describe, expect, test } from 'vitest';
import { out, STANDARD_CREDITS, standardManifest, syncWorld } from '../helpers/sync-fixtures.js';

const DIAG = (code: string) => new RegExp(`masko\\.yaml:\\d+:\\d+ error ${code}: `);

describe.concurrent('refused before anything is spent', () => {
  const cases: Array<[string, string, string, (w: Awaited<ReturnType<typeof syncWorld>>) => Promise<void>]> = [
    ['a lone surrogate in a prompt', standardManifest({ prompts: { wave: 'waving \\ud800 hello' } }), 'INVALID_TEXT', async () => undefined],
    ['an output folder with a NUL', standardManifest({ outputDir: '"out\\0put"' }), 'OUTPUT_PATH_INVALID', async () => undefined],
    ['a 300-character folder name', standardManifest({ outputDir: 'o'.repeat(300) }), 'OUTPUT_PATH_INVALID', async () => undefined],
    ['an output folder that is an existing file', standardManifest({ outputDir: 'package.json' }), 'OUTPUT_PATH_NOT_FOLDER', (w) => w.project.write('package.json', '{}\n')],
    ['an output folder under an existing file', standardManifest({ outputDir: 'package.json/mascot' }), 'OUTPUT_PATH_NOT_FOLDER', (w) => w.project.write('package.json', '{}\n')],
  ];
  for (const [name, manifest, code, setup] of cases) {
    test(`${name}: ${code} from validate, plan and sync; nothing is requested`, async ({ onTestFinished }) => {
      const w = await syncWorld(onTestFinished, { manifest });
      await setup(w);
      for (const args of [['validate'], ['plan'], [], ['--json']]) {
        const r = await w.cli(args);
        expect(r.code, `${args.join(' ') || 'sync'}\n${out(r)}`).toBe(4);
        expect(r.stderr).toMatch(DIAG(code));
        expect(r.stderr).not.toMatch(/^\s+at |EEXIST|ENAMETOOLONG|Lone surrogate/m);
      }
      const json = JSON.parse((await w.cli(['validate', '--json'])).stdout) as { valid: boolean; diagnostics: Array<{ code: string; line: number }> };
      expect(json.valid).toBe(false);
      expect(json.diagnostics.map((d) => d.code)).toContain(code);
      expect(json.diagnostics.every((d) => d.line > 0)).toBe(true);
      expect(w.emu.emu.stats().requests).toEqual({});
    });
  }

  test('a reverse clip with the id "constructor" validates and syncs; the next sync spends nothing', async ({ onTestFinished }) => {
    const manifest = standardManifest().replace('reverse: wave-to-idle', 'reverse: constructor');
    const w = await syncWorld(onTestFinished, { manifest });
    const v = await w.cli(['validate']);
    expect(v.code, out(v)).toBe(0);
    const start = await w.emu.balance();
    const first = await w.cli();
    expect(first.code, out(first)).toBe(0);
    expect(start - (await w.emu.balance())).toBe(STANDARD_CREDITS);
    const lock = await w.project.lock();
    expect(lock.assets.constructor).toMatchObject({ type: 'reverse', status: 'completed', reverse_of: 'idle-to-wave' });
    const again = await w.cli();
    expect(again.code, out(again)).toBe(0);
    expect(again.stderr).toMatch(/Up to date: nothing to do; 0 credits spent/);
  });
});
