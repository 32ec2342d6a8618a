/** The state store: lookups with ownership checks, seeded ids, and atomic persistence to dataDir. */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Plan } from '../api/wire.js';
import { ApiError, notFound } from './errors.js';
import { seededUuid, sha256Hex } from './ids.js';
import { STATE_VERSION, emptyState, type AccountRec, type StateData } from './state.js';

const STATE_FILE = 'state.json';

/** Holds the emulator state; `save()` after each mutation persists it when a dataDir is set. */
export class Store {
  readonly data: StateData;
  /** CDN path → asset id (derived, rebuilt on load) */
  private readonly byPath = new Map<string, string>();

  constructor(
    private readonly dataDir: string | undefined,
    seed: number,
  ) {
    this.data = (dataDir && loadState(dataDir)) || emptyState(seed);
    for (const a of Object.values(this.data.assets)) this.byPath.set(a.path, a.id);
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

  /** Registers an asset's CDN path. */
  indexPath(cdnPath: string, assetId: string): void {
    this.byPath.set(cdnPath, assetId);
  }

  assetByPath(cdnPath: string): string | undefined {
    return this.byPath.get(cdnPath);
  }

  /** Writes the whole state atomically (temp file + rename in the same folder). */
  save(): void {
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
  return data;
}
