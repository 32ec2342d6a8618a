/** `masko-sync import` meeting a file it did not make: it skips that item cleanly, and `--overwrite` (the fix it names) works. */
import { describe, expect, test } from 'vitest';
import type { Plan } from '../../src/model/plan.js';
import { out } from '../helpers/sync-fixtures.js';
import { worldWithOutsideItem } from './outside-item.js';

describe('import and files in the way', () => {
  test('an item whose file is in the way is skipped with nothing of it left on disk; --overwrite <path> adopts it', async ({ onTestFinished }) => {
    const w = await worldWithOutsideItem(onTestFinished, { type: 'animation', name: 'Dance', image_prompt: 'dance pose', animation_prompt: 'dancing', duration: 1, loop: true });
    // A designer's clip where the import would write the item's last file (dance.mov, .png and .mp4 come first).
    await w.project.write('out/dance.webm', 'our own clip');
    const manifestBefore = await w.project.read('masko.yaml');

    const dry = await w.cli(['import', '--dry-run']);
    expect(dry.code, out(dry)).toBe(0);
    expect(dry.stderr).toMatch(/warning: out\/dance\.webm is in the way of dance: .* --overwrite out\/dance\.webm/);
    expect(dry.stderr).not.toMatch(/warning: out\/dance\.(png|mp4|mov)/);
    const dryJson = await w.cli(['import', '--dry-run', '--json']);
    const warnings = dryJson.stdout.trim().split('\n').map((l) => JSON.parse(l) as { event: string; message?: string }).filter((e) => e.event === 'warning');
    expect(warnings.map((e) => e.message)).toEqual([expect.stringContaining('out/dance.webm is in the way')]);
    expect(await w.project.read('masko.yaml')).toEqual(manifestBefore);

    const r = await w.cli(['import']);
    expect(r.code, out(r)).toBe(0);
    expect(r.stderr).toMatch(/skipping item .* \("Dance"\): its files could not be downloaded: refusing to replace out\/dance\.webm/);
    expect(r.stderr).toContain('--overwrite out/dance.webm');
    expect(await w.project.read('masko.yaml')).toEqual(manifestBefore);
    expect((await w.project.read('out/dance.webm')).toString()).toBe('our own clip');
    // No half-imported item: nothing of it stays on disk without a lock entry.
    expect((await w.project.files()).filter((f) => f.startsWith('out/dance'))).toEqual(['out/dance.webm']);

    const adopted = await w.cli(['import', '--overwrite', 'out/dance.webm']);
    expect(adopted.code, out(adopted)).toBe(0);
    expect(adopted.stderr).toMatch(/imported dance \(animation\)/);
    const lock = await w.project.lock();
    expect(lock.assets.dance).toMatchObject({ status: 'completed', imported: true });
    expect(await w.project.sha256('out/dance.webm')).toBe(lock.assets.dance!.files.webm!.sha256);
    const plan = JSON.parse((await w.cli(['plan', '--json'])).stdout) as Plan;
    expect(plan.waves.flat().find((s) => s.id === 'dance')?.action).toBe('unchanged');
  });
});
