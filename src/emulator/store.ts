/** The state store: lookups with ownership checks, seeded ids, and atomic persistence to dataDir. */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Plan } from '../api/wire.js';
import { ApiError, notFound } from './errors.js';
import { seededUuid, sha256Hex } from './ids.js';
import { STATE_VERSION, emptyState, type AccountRec, type AssetRec, type JobRec, type StateData } from './state.js';

const STATE_FILE = 'state.json';
const SAVE_SOON_MS = 100;

/**
 * Holds the emulator state. `save()` persists it at once (request handlers call it before they answer, so
 * an answered change is on disk); `saveSoon()` coalesces the job runner's many small changes into one write.
 */
export class Store {
  readonly data: StateData;
  /** CDN path → asset id (derived, rebuilt on load) */
  private readonly byPath = new Map<string, string>();
  /** item id → its asset ids, oldest first (derived, rebuilt on load) */
  private readonly byItem = new Map<string, string[]>();
  private saveTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataDir: string | undefined,
    seed: number,
  ) {
    this.data = (dataDir && loadState(dataDir)) || emptyState(seed);
    for (const a of Object.values(this.data.assets)) this.index(a);
  }

  /** Adds an account for each configured key; existing ones keep their balance, take the configured plan. */
  ensureAccounts(keys: Array<{ key: string; credits: number; plan: Plan }>): void {
    for (const k of keys) {
      const existing = this.data.accounts[k.key];
      if (existing) existing.plan = k.plan;
      else this.data.accounts[k.key] = { key: k.key, plan: k.plan, balance: k.credits, prefix: 'u' + sha256Hex('prefix', k.key).slice(0, 10) };
    }
    this.save();
  }

  /** A new id, derived from the seed so a seeded run is reproducible. */
  newId(): string {
    this.data.counter += 1;
    return seededUuid(this.data.seed, this.data.counter);
  }

  account(key: string): AccountRec | undefined {
    return this.data.accounts[key];
  }

  /** Looks up a record by id; 404 if unknown, 403 if it belongs to another key. */
  owned<K extends 'projects' | 'collections' | 'items' | 'assets' | 'jobs'>(
    table: K,
    id: string,
    owner: string,
  ): NonNullable<StateData[K][string]> {
    const rec = this.data[table][id] as NonNullable<StateData[K][string]> | undefined;
    const what = table.slice(0, -1);
    if (!rec) throw notFound(what, id);
    if (rec.owner !== owner) throw new ApiError(403, 'forbidden', `${what} ${JSON.stringify(id)} belongs to another account`);
    return rec;
  }

  /** Adds an asset record and indexes it by CDN path and item. */
  addAsset(a: AssetRec): void {
    this.data.assets[a.id] = a;
    this.index(a);
  }

  /** The assets of an item, oldest first. */
  assetsOf(itemId: string): AssetRec[] {
    return (this.byItem.get(itemId) ?? []).map((id) => this.data.assets[id]!);
  }

  private index(a: AssetRec): void {
    this.byPath.set(a.path, a.id);
    const list = this.byItem.get(a.item_id);
    if (list) list.push(a.id);
    else this.byItem.set(a.item_id, [a.id]);
  }

  assetByPath(cdnPath: string): string | undefined {
    return this.byPath.get(cdnPath);
  }

  /**
   * Persists within SAVE_SOON_MS: the many changes of that span make one write (a state of 1,000 jobs is
   * megabytes of JSON). Only for changes a restart can redo identically (a job starting or ending).
   */
  saveSoon(): void {
    if (!this.dataDir || this.saveTimer) return;
    this.saveTimer = setTimeout(() => this.save(), SAVE_SOON_MS);
  }

  /** Writes the whole state atomically now (temp file + rename in the same folder). */
  save(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    if (!this.dataDir) return;
    mkdirSync(this.dataDir, { recursive: true });
    const file = path.join(this.dataDir, STATE_FILE);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.data));
    renameSync(tmp, file);
  }
}

function loadState(dir: string): StateData | undefined {
  let text: string;
  try {
    text = readFileSync(path.join(dir, STATE_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const data = JSON.parse(text) as StateData;
  if (data.version !== STATE_VERSION) throw new Error(`${dir}/${STATE_FILE}: unsupported state version ${String(data.version)}`);
  for (const j of Object.values(data.jobs)) fillJobKind(j);
  return data;
}

/** States written before jobs recorded their kind: derive it (a free transition is a reverse). */
function fillJobKind(j: JobRec): void {
  const partial = j as Partial<JobRec> & JobRec;
  if (partial.kind !== undefined && partial.reverse !== undefined) return;
  const animation = j.work.kind === 'animation' && j.work.stillPrompt !== undefined ? 'animation' : 'animate';
  j.kind = j.latency_kind === 'animation' ? animation : j.latency_kind;
  j.reverse = j.latency_kind === 'transition' && j.cost_credits === 0;
}
