/** A synced project whose collection then gets an item made outside masko-sync (as a person with curl would): what `import` adopts. */
import { expect } from 'vitest';
import { syncWorld, type SyncWorld } from '../helpers/sync-fixtures.js';

export const IMPORT_MANIFEST = 'version: 1\ncollection: { name: Test fox, description: a small orange fox }\noutput: { dir: out }\nassets:\n  hello: { type: image, image_prompt: saying hello }\n';

/** Syncs IMPORT_MANIFEST, generates `body` straight on the API in its collection, and waits for every job to end. */
export async function worldWithOutsideItem(onFinished: Parameters<typeof syncWorld>[0], body: Record<string, unknown>): Promise<SyncWorld> {
  const w = await syncWorld(onFinished, { manifest: IMPORT_MANIFEST });
  expect((await w.cli()).code).toBe(0);
  const collection = (await w.project.lock()).collection!;
  const res = await fetch(`${w.emu.url}/v1/collections/${collection}/generate`, {
    method: 'POST',
    headers: { authorization: `Bearer ${w.emu.key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(202);
  while ((await w.emu.jobs()).some((j) => j.status !== 'completed')) await new Promise((r) => setTimeout(r, 50));
  return w;
}
