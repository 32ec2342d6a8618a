/**
 * What a person reads after the collection's life changed without any asset changing: reference
 * changes are counted in the plan's and the sync's summary lines and named by `--frozen`; a `moved:`
 * entry that cannot apply says why on its orphan.
 */
import { describe, expect, test } from 'vitest';
import type { Plan } from '../../src/model/plan.js';
import { pngBytes, writeBytes } from '../helpers/images.js';
import { out, syncWorld } from '../helpers/sync-fixtures.js';

const withRefs = (refs: string[]) => `version: 1
collection:
  name: Test fox
  description: a small orange fox
  references: [${refs.join(', ')}]
output: { dir: out }
assets:
  idle: { type: image, image_prompt: standing relaxed }
`;

describe('the collection life in summaries', () => {
  test('reference changes alone: plan and sync summaries count them, --frozen names them', async ({ onTestFinished }) => {
    const w = await syncWorld(onTestFinished, { manifest: withRefs(['./art/front.png', './art/side.png']) });
    for (const [i, name] of ['front', 'side', 'back'].entries()) await writeBytes(w.project.dir, `art/${name}.png`, pngBytes(i + 1));
    const first = await w.cli();
    expect(first.code, out(first)).toBe(0);

    await w.project.writeManifest(withRefs(['./art/front.png', './art/back.png']));
    const plan = await w.cli(['plan']);
    expect(plan.code, out(plan)).toBe(0);
    expect(plan.stdout).toMatch(/^1 unchanged, 1 reference to add, 1 reference to remove; estimated 0 credits$/m);

    const frozen = await w.cli(['--frozen']);
    expect(frozen.code, out(frozen)).toBe(2);
    expect(frozen.stderr).toContain('a sync would make 2 changes');
    expect(frozen.stderr).toMatch(/add +reference art\/back\.png: /);
    expect(frozen.stderr).toMatch(/remove +reference art\/side\.png: /);
    const frozenJson = await w.cli(['--frozen', '--json']);
    const summary = JSON.parse(frozenJson.stdout.trim().split('\n').at(-1)!) as { references: Array<{ source: string; action: string }> };
    expect(summary.references.map((r) => [r.source, r.action])).toEqual([['art/back.png', 'add'], ['art/side.png', 'remove']]);

    const synced = await w.cli();
    expect(synced.code, out(synced)).toBe(0);
    expect(synced.stderr).toContain('Plan: 1 unchanged, 1 reference to add, 1 reference to remove; estimated 0 credits');
    expect(synced.stderr).toMatch(/^0 completed, 2 reference changes \(free\); 0 credits spent\.$/m);
    expect(synced.stderr).not.toContain('Up to date');
    await w.project.writeManifest(withRefs(['./art/front.png']));
    const json = await w.cli(['--json']);
    expect(json.code, out(json)).toBe(0);
    const last = JSON.parse(json.stdout.trim().split('\n').at(-1)!) as { event: string; completed: number; reference_changes: number; credits_spent: number };
    expect(last).toMatchObject({ event: 'summary', completed: 0, reference_changes: 1, credits_spent: 0 });
    const again = await w.cli();
    expect(again.stderr).toContain('Up to date: nothing to do; 0 credits spent.');
  });

  test('a move whose new id has its own lock entry is not applied, and its orphan says so', async ({ onTestFinished }) => {
    const two = 'version: 1\ncollection: { name: Test fox, description: a fox }\noutput: { dir: out }\nassets:\n  a: { type: image, image_prompt: x }\n  b: { type: image, image_prompt: y }\n';
    const w = await syncWorld(onTestFinished, { manifest: two });
    expect((await w.cli()).code).toBe(0);
    await w.project.writeManifest('version: 1\ncollection: { name: Test fox, description: a fox }\noutput: { dir: out }\nmoved: { a: b }\nassets:\n  b: { type: image, image_prompt: y }\n');
    const r = await w.cli(['plan', '--json']);
    expect(r.code, out(r)).toBe(0);
    const orphan = (JSON.parse(r.stdout) as Plan).waves.flat().find((s) => s.id === 'a')!;
    expect(orphan.action).toBe('orphan');
    expect(orphan.hint).toContain('`moved: { a: b }` is not applied: b already has its own entry in masko.lock');
    expect((await w.cli(['plan'])).stdout).toContain('hint: `moved: { a: b }` is not applied');
  });
});
