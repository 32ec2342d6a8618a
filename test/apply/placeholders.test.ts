/** Placeholders are told from real files by their bytes: a hash two URLs served is a placeholder. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { applyPlan, freshMemory } from '../../src/apply/apply-plan.js';
import { LockJournal } from '../../src/apply/journal.js';
import { PlaceholderGuard } from '../../src/apply/placeholders.js';
import type { ApplyFiles } from '../../src/apply/types.js';
import { buildGraph } from '../../src/graph/index.js';
import { loadManifest } from '../../src/manifest/index.js';
import { buildPlan } from '../../src/plan/index.js';
import { FakeApi } from './fake-api.js';

const P = 'f'.repeat(64);
const real = (url: string) => createHash('sha256').update(url).digest('hex');

describe('PlaceholderGuard', () => {
  it('a hash seen at one URL is not proof; at a second URL it is a placeholder, remembered', () => {
    let saves = 0;
    const memory = { ...freshMemory(), save: () => void saves++ };
    const guard = new PlaceholderGuard(memory, { download: async () => ({ bytes: 0, sha256: '' }), move: async () => true });
    expect(guard.isPlaceholder(P, 'https://assets.masko.ai/a.png')).toBe(false);
    expect(guard.isPlaceholder(real('x'), 'https://assets.masko.ai/x.png')).toBe(false);
    expect(guard.isPlaceholder(P, 'https://assets.masko.ai/b.png')).toBe(true);
    expect(guard.isPlaceholder(P, 'https://assets.masko.ai/a.png')).toBe(true);
    expect(memory.placeholders.has(P)).toBe(true);
    expect(saves).toBeGreaterThan(0);
    // A later run starts knowing it.
    const later = new PlaceholderGuard(memory, { download: async () => ({ bytes: 0, sha256: '' }), move: async () => true });
    expect(later.isPlaceholder(P, 'https://assets.masko.ai/c.png')).toBe(true);
  });
});

describe('applyPlan with a CDN that lags', () => {
  it('never records a placeholder, even when the first file of a job is the only one seen so far', async () => {
    // Every URL serves the shared placeholder for its first two downloads, then its real bytes.
    const served = new Map<string, number>();
    const files: ApplyFiles & { downloads: number } = {
      downloads: 0,
      async download(url, _rel, opts = {}) {
        files.downloads++;
        for (let attempt = 1; ; attempt++) {
          const n = (served.get(url) ?? 0) + 1;
          served.set(url, n);
          const sha = n <= 2 ? P : real(url);
          if (!opts.isPlaceholder?.(sha)) return { bytes: 1, sha256: sha };
          if (attempt > 10) throw new Error('still a placeholder');
        }
      },
      async move() {
        return true;
      },
    };
    const { manifest } = loadManifest('version: 1\ncollection: col\nassets:\n  a: { type: image, image_prompt: first }\n');
    const plan = buildPlan(manifest!, buildGraph(manifest!), undefined, { files: {} });
    const journal = new LockJournal({ lockfileVersion: 1, assets: {} }, async () => undefined);
    const result = await applyPlan(plan, manifest!, journal, { api: new FakeApi(), files, collection: 'col', concurrency: 1, wait: true, settleGraceMs: 1 });
    expect(result.completed).toEqual(['a']);
    for (const f of Object.values(journal.lock.assets.a!.files)) expect(f.sha256).toBe(real(f.url));
  });
});
