/** Uploads, reference changes and superseded items in the applier, with fakes: lost answers are settled, never guessed. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ApiError, TransportError } from '../../src/api/errors.js';
import type { CollectionView, UploadView } from '../../src/api/views.js';
import { LockJournal } from '../../src/apply/journal.js';
import { syncReferences, type ReferenceApi } from '../../src/apply/references.js';
import { carrySuperseded } from '../../src/apply/superseded.js';
import { ensureUploads, UPLOAD_ATTEMPTS, type UploadApi } from '../../src/apply/uploads.js';
import type { LockEntry, Lockfile } from '../../src/model/lock.js';
import type { Manifest } from '../../src/model/manifest.js';
import type { Plan } from '../../src/model/plan.js';
import { pngBytes } from '../helpers/images.js';
import { manifest } from '../plan/builders.js';

const lost = () => new TransportError('POST /v1/upload failed: socket hang up', { delivery: 'maybe' });

class FakeUploads implements UploadApi {
  sent = 0;
  constructor(private readonly fail: Array<Error | undefined> = []) {}
  async uploadFile(): Promise<UploadView> {
    const err = this.fail[this.sent++];
    if (err) throw err;
    return { assetId: `up_${this.sent}` };
  }
  async uploadUrl(): Promise<UploadView> {
    return this.uploadFile();
  }
}

const clipManifest = (): Manifest => manifest({ clip: { kind: 'animate', source: { kind: 'file', path: 'art/a.png' }, animation_prompt: 'w', duration: 1, loop: false } });
const creating: Plan = { format_version: 1, collection: 'col_1', summary: {} as Plan['summary'], waves: [[{ id: 'clip', action: 'create', reason: '', credits: 5, depends_on: [], kind: 'animate' }]] };
const emptyLock = (): Lockfile => ({ lockfileVersion: 1, collection: 'col_1', assets: {} });

describe('ensureUploads', () => {
  const bytes = pngBytes(4);
  const sha = createHash('sha256').update(bytes).digest('hex');
  const opts = (api: UploadApi) => ({ api, readFile: async () => bytes });

  it('uploads what a generation needs, records the sha256 of the bytes sent, and skips a current upload', async () => {
    const journal = new LockJournal(emptyLock(), undefined);
    const api = new FakeUploads();
    const r = await ensureUploads(creating, clipManifest(), journal, opts(api));
    expect(r.uploaded).toEqual(['art/a.png']);
    expect(journal.lock.uploads).toEqual({ 'art/a.png': { asset_id: 'up_1', sha256: sha, bytes: bytes.length } });
    await ensureUploads(creating, clipManifest(), journal, opts(api));
    expect(api.sent).toBe(1);
  });

  it('a lost answer is sent again (free: nothing can be listed), at most UPLOAD_ATTEMPTS times; a refusal is not retried', async () => {
    const journal = new LockJournal(emptyLock(), undefined);
    const api = new FakeUploads([lost(), lost()]);
    await ensureUploads(creating, clipManifest(), journal, opts(api));
    expect(api.sent).toBe(3);
    expect(journal.lock.uploads?.['art/a.png']?.asset_id).toBe('up_3');

    const never = new FakeUploads(Array(10).fill(lost()));
    const r = await ensureUploads(creating, clipManifest(), new LockJournal(emptyLock(), undefined), opts(never));
    expect(never.sent).toBe(UPLOAD_ATTEMPTS);
    expect(r.failed).toHaveLength(1);
    // The dependant reports it (it fails unpaid when prepared): no run error of its own.
    expect(r.errors).toEqual([]);

    const refused = new FakeUploads([new ApiError(400, 'bad_request', 'file: is not a PNG, JPEG or WebP image', {})]);
    const r2 = await ensureUploads(creating, clipManifest(), new LockJournal(emptyLock(), undefined), opts(refused));
    expect(refused.sent).toBe(1);
    expect(r2.failed[0]).toMatchObject({ source: 'art/a.png', code: 'bad_request' });
  });

  it('nothing is uploaded when nothing made from it is generated; stale records are dropped', async () => {
    const lock = { ...emptyLock(), uploads: { 'gone.png': { asset_id: 'old' } } };
    const journal = new LockJournal(lock, undefined);
    const api = new FakeUploads();
    const unchanged: Plan = { ...creating, waves: [[{ ...creating.waves[0]![0]!, action: 'unchanged' }]] };
    await ensureUploads(unchanged, clipManifest(), journal, opts(api));
    expect(api.sent).toBe(0);
    expect(journal.lock.uploads).toBeUndefined();
  });
});

class FakeRefs implements ReferenceApi {
  attached: string[] = [];
  calls: string[] = [];
  loseNext = 0;
  async getCollection(id: string): Promise<CollectionView> {
    this.calls.push('get');
    return { id, referenceAssetIds: [...this.attached] };
  }
  async addReference(_c: string, id: string): Promise<void> {
    this.calls.push(`add ${id}`);
    if (!this.attached.includes(id)) this.attached.push(id);
    if (this.loseNext-- > 0) throw new ApiError(502, 'internal_error', 'bad gateway', {});
  }
  async removeReference(_c: string, id: string): Promise<void> {
    this.calls.push(`remove ${id}`);
    if (!this.attached.includes(id)) throw new ApiError(404, 'not_found', 'no such reference', {});
    this.attached = this.attached.filter((a) => a !== id);
  }
}

describe('syncReferences', () => {
  const define = (paths: string[]): Manifest => ({ ...manifest({}), collection: { kind: 'define', name: 'Fox', description: '', references: paths.map((path) => ({ kind: 'file', path })) } });

  it('removes first, then adds; an add whose answer is lost is settled by reading the collection, not sent again', async () => {
    const api = new FakeRefs();
    api.attached = ['up_old'];
    api.loseNext = 1;
    const lock: Lockfile = { ...emptyLock(), uploads: { 'a.png': { asset_id: 'up_a' } }, references: { 'old.png': 'up_old' } };
    const journal = new LockJournal(lock, undefined);
    const r = await syncReferences(define(['a.png']), journal, api, 'col_1');
    expect(api.calls).toEqual(['remove up_old', 'add up_a', 'get']);
    expect(r).toMatchObject({ added: ['a.png'], removed: ['old.png'], errors: [] });
    expect(journal.lock.references).toEqual({ 'a.png': 'up_a' });
  });

  it('a reference already gone counts as removed; one whose new upload failed stays attached', async () => {
    const api = new FakeRefs();
    api.attached = ['up_keep'];
    const lock: Lockfile = { ...emptyLock(), uploads: {}, references: { 'gone.png': 'up_gone', 'keep.png': 'up_keep' } };
    const journal = new LockJournal(lock, undefined);
    const r = await syncReferences(define(['keep.png']), journal, api, 'col_1');
    expect(r.removed).toEqual(['gone.png']);
    expect(journal.lock.references).toEqual({ 'keep.png': 'up_keep' });
    expect(api.attached).toEqual(['up_keep']);
  });
});

describe('carrySuperseded', () => {
  const entry = (item?: string, extra: Partial<LockEntry> = {}): LockEntry => ({ type: 'reverse', name: 'R', fingerprint: 'sha256:' + '0'.repeat(64), inputs: {}, status: 'pending', credits: 0, files: {}, ...(item ? { item_id: item } : {}), ...extra });

  it('a new reverse clip (on a new item, not known yet) supersedes the old item; the same item supersedes nothing', () => {
    expect(carrySuperseded(entry('it_1'), entry()).superseded_items).toEqual(['it_1']);
    expect(carrySuperseded(entry('it_1', { superseded_items: ['it_0'] }), entry('it_2')).superseded_items).toEqual(['it_0', 'it_1']);
    expect(carrySuperseded(entry('it_1', { type: 'image' }), entry('it_1', { type: 'image' })).superseded_items).toBeUndefined();
    // A regeneration that has not said its item yet is most likely the same item.
    expect(carrySuperseded(entry('it_1', { type: 'image' }), entry(undefined, { type: 'image' })).superseded_items).toBeUndefined();
  });
});
