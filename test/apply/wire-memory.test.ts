/** `.masko/api-profile.json`: what one run learned about an API reaches the next, per origin; a broken file only means learning again. */
import { mkdtemp, readFile, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWireMemory, profilePath } from '../../src/operations/wire-memory.js';

const sha = (c: string) => c.repeat(64);

describe('the API profile', () => {
  it('keeps the body key, placeholders, samples and owed second looks for the next run of the same origin only', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'masko-profile-'));
    const first = await loadWireMemory(dir, 'https://api.masko.ai/v1');
    first.batchBodyKey = 'requests';
    first.placeholders.add(sha('a'));
    first.samples.set('https://assets.masko.ai/x.png', sha('b'));
    first.unchecked!.set('https://assets.masko.ai/y.mov', sha('c'));
    first.save();
    await first.flush();

    const again = await loadWireMemory(dir, 'https://api.masko.ai/other');
    expect(again.batchBodyKey).toBe('requests');
    expect([...again.placeholders]).toEqual([sha('a')]);
    expect([...again.samples]).toEqual([['https://assets.masko.ai/x.png', sha('b')]]);
    expect([...again.unchecked!]).toEqual([['https://assets.masko.ai/y.mov', sha('c')]]);
    // Settled looks leave the file.
    again.unchecked!.clear();
    again.save();
    await again.flush();
    expect(JSON.parse(await readFile(profilePath(dir), 'utf8')).servers['https://api.masko.ai'].unchecked).toBeUndefined();

    const elsewhere = await loadWireMemory(dir, 'http://127.0.0.1:9/v1');
    expect([elsewhere.batchBodyKey, elsewhere.placeholders.size, elsewhere.unchecked!.size]).toEqual(['items', 0, 0]);
  });

  it('drops values that are not sha256 hashes, and starts afresh from a corrupt file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'masko-profile-'));
    await mkdir(path.join(dir, '.masko'));
    await writeFile(profilePath(dir), JSON.stringify({ version: 1, servers: { 'https://api.masko.ai': { unchecked: { 'https://assets.masko.ai/y.mov': 'not a hash' }, placeholders: ['zz'] } } }));
    const m = await loadWireMemory(dir, 'https://api.masko.ai');
    expect([m.unchecked!.size, m.placeholders.size]).toEqual([0, 0]);
    await writeFile(profilePath(dir), '{ not json');
    expect((await loadWireMemory(dir, 'https://api.masko.ai')).samples.size).toBe(0);
  });
});
