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

describe('PlaceholderGuard with one URL of a format', () => {
  it('the bytes a URL served while its job was unfinished are its placeholder, even if no other URL served them', async () => {
    const url = 'https://assets.masko.ai/dance.webm';
    const files = { download: async () => ({ bytes: 0, sha256: '' }), move: async () => true, probe: async () => ({ bytes: 10, sha256: P }) };
    const api = { getJob: async () => ({ id: 'j', status: 'processing' as const, assetIds: {}, urls: {} }) };
    const guard = new PlaceholderGuard(freshMemory(), files, api);
    await guard.learn({ webm: url }, undefined, 'j');
    expect(guard.isPlaceholder(P, url)).toBe(true);
    expect(guard.isPlaceholder(real(url), url)).toBe(false);
  });

  it("a proven sample is its format's placeholder at every URL, remembered, and needs no second look", async () => {
    const memory = freshMemory();
    let probes = 0;
    const files = { download: async () => ({ bytes: 0, sha256: '' }), move: async () => true, probe: async () => (probes++, { bytes: 10, sha256: P }) };
    const api = { getJob: async () => ({ id: 'j', status: 'pending' as const, assetIds: {}, urls: {} }) };
    const guard = new PlaceholderGuard(memory, files, api);
    await guard.learn({ webm: 'https://assets.masko.ai/a.webm' }, undefined, 'j');
    expect(memory.placeholders.has(P)).toBe(true);
    expect(guard.isPlaceholder(P, 'https://assets.masko.ai/b.webm')).toBe(true);
    await guard.lookAgain('webm', 'https://assets.masko.ai/b.webm', real('b'));
    expect(probes).toBe(1);
  });

  it('a file of a format with no placeholder known yet is looked at again: bytes that changed were the placeholder', async () => {
    const url = 'https://assets.masko.ai/dance.mp4';
    let probes = 0;
    const memory = freshMemory();
    const files = { download: async () => ({ bytes: 0, sha256: '' }), move: async () => true, probe: async () => (probes++, { bytes: 10, sha256: real(url) }) };
    const guard = new PlaceholderGuard(memory, files);
    const confirmed: string[] = [];
    guard.onConfirmed((sha) => confirmed.push(sha));
    expect(guard.isPlaceholder(P, url)).toBe(false);
    await guard.lookAgain('video', url, P);
    expect(confirmed).toEqual([P]);
    expect(memory.placeholders.has(P)).toBe(true);
    expect(guard.isPlaceholder(P, url)).toBe(true);
    // The format's placeholder is known now: no more looks.
    await guard.lookAgain('video', 'https://assets.masko.ai/other.mp4', real('other'));
    expect(probes).toBe(1);
  });

  it('a second look that finds the same bytes condemns nothing', async () => {
    const url = 'https://assets.masko.ai/dance.mov';
    const files = { download: async () => ({ bytes: 0, sha256: '' }), move: async () => true, probe: async () => ({ bytes: 10, sha256: real(url) }) };
    const memory = freshMemory();
    const guard = new PlaceholderGuard(memory, files);
    await guard.lookAgain('hevc', url, real(url));
    expect(memory.placeholders.size).toBe(0);
    expect(guard.isPlaceholder(real(url), url)).toBe(false);
  });

  it('a sample whose job had already ended proves nothing (it may be the real file)', async () => {
    const url = 'https://assets.masko.ai/dance.webm';
    const files = { download: async () => ({ bytes: 0, sha256: '' }), move: async () => true, probe: async () => ({ bytes: 10, sha256: real(url) }) };
    const api = { getJob: async () => ({ id: 'j', status: 'completed' as const, assetIds: {}, urls: {} }) };
    const guard = new PlaceholderGuard(freshMemory(), files, api);
    await guard.learn({ webm: url }, undefined, 'j');
    expect(guard.isPlaceholder(real(url), url)).toBe(false);
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

  it('never records a placeholder when each format has one URL and the job had ended before any sample', async () => {
    // An edge cache: every URL serves its format's placeholder until it has been downloaded once
    // (the job ended before any sample, so no sample proves anything), then the file.
    const downloads = new Map<string, number>();
    const files: ApplyFiles = {
      async download(url, _rel, opts = {}) {
        for (let attempt = 1; ; attempt++) {
          downloads.set(url, (downloads.get(url) ?? 0) + 1);
          const sha = downloads.get(url) === 1 ? P : real(url);
          if (!opts.isPlaceholder?.(sha)) return { bytes: 1, sha256: sha };
          if (attempt > 10) throw new Error('still a placeholder');
        }
      },
      async move() {
        return true;
      },
      async probe(url) {
        return { bytes: 1, sha256: downloads.has(url) ? real(url) : P };
      },
    };
    const { manifest } = loadManifest('version: 1\ncollection: col\nassets:\n  a: { type: animation, image_prompt: first, animation_prompt: waving }\n');
    const plan = buildPlan(manifest!, buildGraph(manifest!), undefined, { files: {} });
    const journal = new LockJournal({ lockfileVersion: 1, assets: {} }, async () => undefined);
    const result = await applyPlan(plan, manifest!, journal, { api: new FakeApi(), files, collection: 'col', concurrency: 1, wait: true, settleGraceMs: 1 });
    expect(result.completed).toEqual(['a']);
    const recorded = Object.values(journal.lock.assets.a!.files);
    expect(recorded.length).toBeGreaterThan(0);
    for (const f of recorded) expect(f.sha256).toBe(real(f.url));
  });
});

describe('a second look an interrupted run owed', () => {
  /** A CDN edge cache: each URL serves its format's own placeholder on its first download, then the file. */
  function laggingCdn() {
    const placeholder = (url: string) => real(`placeholder of ${url.split('.').at(-1)}`);
    const downloads = new Map<string, number>();
    const files: ApplyFiles = {
      async download(url, _rel, opts = {}) {
        for (let attempt = 1; ; attempt++) {
          downloads.set(url, (downloads.get(url) ?? 0) + 1);
          const sha = downloads.get(url) === 1 ? placeholder(url) : real(url);
          if (!opts.isPlaceholder?.(sha)) return { bytes: 1, sha256: sha };
          if (attempt > 10) throw new Error('still a placeholder');
        }
      },
      async move() {
        return true;
      },
      // Samples are taken after the job ended (they prove nothing); later looks see the file.
      async probe(url) {
        return { bytes: 1, sha256: downloads.has(url) ? real(url) : placeholder(url) };
      },
    };
    return { files, placeholder };
  }

  it('is owed in the memory when the run is interrupted during it, and the next run makes it first and fetches the file again', async () => {
    const { files, placeholder } = laggingCdn();
    const memory = freshMemory();
    const { manifest } = loadManifest('version: 1\ncollection: col\nassets:\n  a: { type: animation, image_prompt: first, animation_prompt: waving }\n');
    const journal = new LockJournal({ lockfileVersion: 1, assets: {} }, async () => undefined);
    const stop = new AbortController();
    const api = new FakeApi();
    const first = await applyPlan(buildPlan(manifest!, buildGraph(manifest!), undefined, { files: {} }), manifest!, journal, {
      api,
      files,
      collection: 'col',
      concurrency: 1,
      wait: true,
      settleGraceMs: 1,
      memory,
      signal: stop.signal,
      // Interrupted as soon as the asset is recorded: inside the one second of its files' second look.
      hooks: { onEvent: (e) => void (e.type === 'completed' && stop.abort()) },
    });
    expect(first.completed).toEqual(['a']);
    const recorded = journal.lock.assets.a!.files;
    // Each format served its own placeholder once: nothing could tell it yet, so it was recorded, and the look is owed.
    for (const f of Object.values(recorded)) expect(f.sha256).toBe(placeholder(f.url));
    expect([...memory.unchecked!.keys()].sort()).toEqual(Object.values(recorded).map((f) => f.url).sort());

    const lock = structuredClone(journal.lock);
    const local = Object.fromEntries(Object.values(lock.assets.a!.files).map((f) => [f.path, { exists: true, bytes: 1, sha256: f.sha256! }]));
    const plan = buildPlan(manifest!, buildGraph(manifest!), lock, { files: local });
    expect(plan.waves.flat().map((s) => s.action)).toEqual(['unchanged']);
    const next = new LockJournal(lock, async () => undefined);
    const second = await applyPlan(plan, manifest!, next, { api, files, collection: 'col', concurrency: 1, wait: true, settleGraceMs: 1, memory });
    expect([second.errors, second.failed, second.creditsSpent]).toEqual([[], [], 0]);
    for (const f of Object.values(next.lock.assets.a!.files)) expect(f.sha256).toBe(real(f.url));
    expect(memory.unchecked!.size).toBe(0);
    for (const f of Object.values(recorded)) expect(memory.placeholders.has(f.sha256!)).toBe(true);
  });

  it('is settled without a refetch when the bytes have not changed', async () => {
    let probes = 0;
    const url = 'https://assets.masko.ai/dance.mov';
    const memory = { ...freshMemory(), unchecked: new Map([[url, real(url)]]) };
    const files = { download: async () => ({ bytes: 0, sha256: '' }), move: async () => true, probe: async () => (probes++, { bytes: 10, sha256: real(url) }) };
    const guard = new PlaceholderGuard(memory, files);
    const confirmed: string[] = [];
    guard.onConfirmed((sha) => confirmed.push(sha));
    await guard.recheckOwed();
    expect([probes, confirmed, memory.unchecked.size]).toEqual([1, [], 0]);
  });
});
