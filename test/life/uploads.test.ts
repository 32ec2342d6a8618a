/** Local files and URLs as sources, end to end against every emulator dialect: uploaded once, free, again only on new bytes. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, test } from 'vitest';
import type { Plan } from '../../src/model/plan.js';
import { oneByteChanged, pngBytes, writeBytes } from '../helpers/images.js';
import { ALL_DIALECTS, expectFilesMatchLock, out, syncWorld } from '../helpers/sync-fixtures.js';

const UPLOAD = 'POST /v1/upload';

const manifest = (source = './art/mascot.png') => `version: 1
collection:
  name: Test fox
  description: a small orange fox
output: { dir: out }
defaults: { duration: 1 }
assets:
  mascot-wave: { type: animation, source: ${source}, animation_prompt: waving hello }
`;

describe.concurrent.each(ALL_DIALECTS)('a local PNG as a source (%s)', (dialect) => {
  test('syncs for exactly the animation price; a second sync uploads nothing; one changed byte uploads again and regenerates its dependant', async ({ onTestFinished }) => {
    const w = await syncWorld(onTestFinished, { dialect, manifest: manifest() });
    const png = pngBytes(3);
    await writeBytes(w.project.dir, 'art/mascot.png', png);
    const start = await w.emu.balance();

    const first = await w.cli();
    expect(first.code, out(first)).toBe(0);
    // 5 credits per second, 1 s; the upload is free.
    expect(start - (await w.emu.balance())).toBe(5);
    const stats = await w.emu.stats();
    expect(stats.uploads).toBe(1);
    expect(stats.requests[UPLOAD]).toBe(1);
    const lock = await w.project.lock();
    const upload = lock.uploads?.['art/mascot.png'];
    expect(upload?.sha256).toBe(await w.project.sha256('art/mascot.png'));
    expect(upload?.bytes).toBe(png.length);
    expect(lock.assets['mascot-wave']!.inputs.source).toEqual({ sha256: upload!.sha256 });
    // The generation was made from the uploaded asset.
    const job = (await w.emu.jobs()).find((j) => j.id === lock.assets['mascot-wave']!.job_id)!;
    expect(job).toBeDefined();
    await expectFilesMatchLock(w.project, lock);

    const second = await w.cli();
    expect(second.code, out(second)).toBe(0);
    const after = await w.emu.stats();
    expect(after.requests[UPLOAD]).toBe(1);
    expect(after.uploads).toBe(1);
    expect(after.generate_requests).toBe(stats.generate_requests);
    expect(start - (await w.emu.balance())).toBe(5);

    await writeBytes(w.project.dir, 'art/mascot.png', oneByteChanged(png));
    const planned = await w.cli(['plan', '--json']);
    expect(planned.code, out(planned)).toBe(0);
    const plan = JSON.parse(planned.stdout) as Plan;
    expect(plan.uploads).toMatchObject([{ source: 'art/mascot.png', kind: 'file', action: 'upload', credits: 0, used_by: ['mascot-wave'] }]);
    const step = plan.waves.flat().find((s) => s.id === 'mascot-wave')!;
    expect(step.action).toBe('regenerate');
    expect(step.changed).toEqual(['source']);
    expect(step.reason).toMatch(/art\/mascot\.png has new bytes/);
    expect(step.credits).toBe(5);

    const third = await w.cli();
    expect(third.code, out(third)).toBe(0);
    expect((await w.emu.stats()).requests[UPLOAD]).toBe(2);
    expect(start - (await w.emu.balance())).toBe(10);
    const relocked = await w.project.lock();
    expect(relocked.uploads?.['art/mascot.png']?.sha256).toBe(await w.project.sha256('art/mascot.png'));
    expect(relocked.uploads?.['art/mascot.png']?.asset_id).not.toBe(upload!.asset_id);
    // Regenerated into the same item.
    expect(relocked.assets['mascot-wave']!.item_id).toBe(lock.assets['mascot-wave']!.item_id);
  });

  test('a {url} source is uploaded by URL once', async ({ onTestFinished }) => {
    const png = pngBytes(5);
    const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(png));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mascot.png`;
    const w = await syncWorld(onTestFinished, { dialect, manifest: manifest(`{ url: "${url}" }`) });
    const first = await w.cli();
    expect(first.code, out(first)).toBe(0);
    const lock = await w.project.lock();
    expect(lock.uploads?.[url]?.asset_id).toBeTruthy();
    expect(lock.assets['mascot-wave']!.inputs.source).toEqual({ url });
    const second = await w.cli();
    expect(second.code, out(second)).toBe(0);
    expect((await w.emu.stats()).uploads).toBe(1);
  });
});

describe('source files are checked before anything is sent', () => {
  test.for([
    ['not an image', 'SOURCE_FILE_NOT_IMAGE', Buffer.from('GIF89a not a png at all')],
    ['over 10 MB', 'SOURCE_FILE_TOO_LARGE', Buffer.concat([pngBytes(1), Buffer.alloc(10 * 1024 * 1024)])],
    ['missing', 'SOURCE_FILE_MISSING', undefined],
  ] as const)('%s: exit 4 with %s at the source line, no request', async ([, code, bytes], { onTestFinished }) => {
    const w = await syncWorld(onTestFinished, { manifest: manifest() });
    if (bytes) await writeBytes(w.project.dir, 'art/mascot.png', bytes);
    const r = await w.cli(['--json']);
    expect(r.code, out(r)).toBe(4);
    expect(r.stderr).toContain(code);
    expect(r.stderr).toMatch(/masko\.yaml:8:\d+/);
    expect(Object.keys((await w.emu.stats()).requests)).toEqual([]);
    const validated = await w.cli(['validate', '--json']);
    expect(validated.code, out(validated)).toBe(4);
    expect((JSON.parse(validated.stdout) as { diagnostics: Array<{ code: string; line: number }> }).diagnostics).toEqual([expect.objectContaining({ code, line: 8 })]);
  });
});
