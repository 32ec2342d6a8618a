/** The chaos campaign's invariants: lock shape apart from ids, files, credits, jobs, leftovers. */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Job } from '../../src/api/wire.js';
import { listOf } from '../../src/api/read-wire.js';
import { parseLock, serializeLock } from '../../src/lockfile/index.js';
import type { Lockfile } from '../../src/model/lock.js';

const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g;
const FINGERPRINT = /^sha256:[0-9a-f]{64}$/;
const CDN_URL = /^https?:\/\/[^/]+\/cdn\/(.*)-[0-9a-f]{6,}(\.\w+)$/;

/**
 * The lock with ids renamed consistently: every UUID, fingerprint and CDN URL becomes a token numbered
 * by first appearance in key order. Two locks that normalise equal have the same structure AND the same
 * links between entries (an edit's source is its upstream's image, a reverse shares its parent's fingerprint).
 */
export function normaliseLock(lock: Lockfile): unknown {
  const tokens = new Map<string, string>();
  const token = (kind: string, v: string) => {
    if (!tokens.has(v)) tokens.set(v, `<${kind}${tokens.size + 1}>`);
    return tokens.get(v)!;
  };
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      if (FINGERPRINT.test(v)) return token('fp', v);
      const url = CDN_URL.exec(v);
      if (url) return `<cdn>/${url[1]}-${token('h', v)}${url[2]}`;
      return v.replace(UUID, (id) => token('id', id));
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      // Items a regeneration left behind depend on which half of a pair failed: checked on their own (supersededProblems).
      for (const k of Object.keys(v).sort()) if (k !== 'superseded_items') out[k] = walk((v as Record<string, unknown>)[k]);
      return out;
    }
    return v;
  };
  return walk(lock);
}

/** JSON pointers where two JSON values differ (at most `limit`). */
export function diffPointers(a: unknown, b: unknown, limit = 20, at = ''): string[] {
  if (Object.is(a, b)) return [];
  const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object';
  if (!isObj(a) || !isObj(b) || Array.isArray(a) !== Array.isArray(b)) return [at || '/'];
  const out: string[] = [];
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (out.length >= limit) break;
    out.push(...diffPointers(a[k], b[k], limit - out.length, `${at}/${k}`));
  }
  return out;
}

/** Replaces the values at these pointers with a marker (fields that legitimately vary between clean runs). */
export function maskPointers(value: unknown, pointers: string[]): unknown {
  const copy = structuredClone(value) as Record<string, unknown>;
  for (const p of pointers) {
    const parts = p.split('/').slice(1);
    let cur: Record<string, unknown> | undefined = copy;
    for (const part of parts.slice(0, -1)) cur = cur?.[part] as Record<string, unknown> | undefined;
    const last = parts.at(-1);
    if (cur && last !== undefined && last in cur) cur[last] = '<varies>';
  }
  return copy;
}

/** Reads and checks masko.lock: it parses, and its bytes are the canonical serialisation. */
export async function readValidLock(projectDir: string): Promise<{ lock?: Lockfile; problem?: string }> {
  const text = await readFile(path.join(projectDir, 'masko.lock'), 'utf8').catch(() => undefined);
  if (text === undefined) return { problem: 'no masko.lock' };
  try {
    const lock = parseLock(text);
    if (serializeLock(lock) !== text) return { problem: 'masko.lock is valid but not in canonical form' };
    return { lock };
  } catch (err) {
    return { problem: `masko.lock does not parse: ${(err as Error).message.split('\n')[0]}` };
  }
}

/** Every project file (POSIX relative paths), sorted. */
export async function listFiles(dir: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listFiles(dir, r)));
    else out.push(r);
  }
  return out.sort();
}

/** Problems with the locked files: missing, wrong size, wrong SHA-256. */
export async function checkFiles(projectDir: string, lock: Lockfile): Promise<string[]> {
  const problems: string[] = [];
  for (const [id, entry] of Object.entries(lock.assets)) {
    for (const [key, f] of Object.entries(entry.files)) {
      const bytes = await readFile(path.join(projectDir, ...f.path.split('/'))).catch(() => undefined);
      if (!bytes) problems.push(`${id}.${key}: ${f.path} missing`);
      else if (bytes.length !== f.bytes) problems.push(`${id}.${key}: ${bytes.length} bytes, lock says ${f.bytes}`);
      else if (createHash('sha256').update(bytes).digest('hex') !== f.sha256) problems.push(`${id}.${key}: sha256 differs from the lock`);
    }
  }
  return problems;
}

/** What the emulator says about the account, read through its own routes (the same in every dialect). */
export interface EmulatorView {
  balance: number;
  jobs: Job[];
  collections: number;
  projects: number;
  /** sha256 of every ready asset, by asset id (from `/_emulator/items/:id` of the locked items). */
  assetSha: (itemId: string) => Promise<Map<string, string | undefined>>;
}

/** Reads balance, jobs, collections and projects (retrying injected faults). */
export async function readEmulator(api: { url: string; key: string }): Promise<EmulatorView> {
  const get = async <T>(p: string): Promise<T> => {
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await fetch(api.url + p, { headers: { authorization: `Bearer ${api.key}` } });
        if (res.status === 200) return (await res.json()) as T;
        if (attempt > 40 || (res.status !== 429 && res.status < 500)) throw new Error(`GET ${p}: HTTP ${res.status}`);
      } catch (err) {
        if (attempt > 40) throw err;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const jobs = (await get<{ jobs: Job[] }>('/_emulator/jobs')).jobs;
  const balance = (await get<{ balance: number }>('/_emulator/credits')).balance;
  // Collections and projects through the API, read whatever the dialect's list shape.
  const collections = listOf(await get<unknown>('/v1/collections'), ['collections']).items.length;
  const projects = listOf(await get<unknown>('/v1/projects'), ['projects']).items.length;
  const assetSha = async (itemId: string) => {
    const item = await get<{ assets: Array<{ id: string; sha256?: string }> }>(`/_emulator/items/${encodeURIComponent(itemId)}`);
    return new Map(item.assets.map((a) => [a.id, a.sha256]));
  };
  return { balance, jobs, collections, projects, assetSha };
}

/** Locked files whose bytes are not the emulator's own file for that asset (a placeholder recorded as final). */
export async function checkRealFiles(lock: Lockfile, view: EmulatorView): Promise<string[]> {
  const problems: string[] = [];
  for (const [id, entry] of Object.entries(lock.assets)) {
    if (!entry.item_id) continue;
    const shas = await view.assetSha(entry.item_id);
    for (const [key, f] of Object.entries(entry.files)) {
      const real = f.asset_id ? shas.get(f.asset_id) : undefined;
      if (real === undefined) problems.push(`${id}.${key}: the emulator has no ready asset ${f.asset_id ?? '(no asset id)'}`);
      else if (real !== f.sha256) problems.push(`${id}.${key}: recorded bytes are not the asset's file (a placeholder?)`);
    }
  }
  return problems;
}

/**
 * Completed jobs superseded because the other half of a transition pair failed: the API makes a reverse
 * clip only together with its transition, so when either job fails both are submitted again, and the
 * half that had completed is made twice (paid again when it is the transition; a reverse is free).
 * Recognised as a completed, unrecorded job of a locked transition (its item or name) or of its
 * reverse (its name), created within 100 ms of a failed job of the other half.
 */
export function supersededByFailedPartner(lock: Lockfile, jobs: Job[]): Job[] {
  const locked = new Set(Object.values(lock.assets).map((e) => e.job_id));
  const pairs = Object.entries(lock.assets).flatMap(([id, t]) => {
    const r = Object.values(lock.assets).find((e) => e.reverse_of === id);
    return t.type === 'transition' && r ? [{ t, r }] : [];
  });
  // The reverse job is created with its transition (a few ms apart at most) or, on servers that start
  // it when the transition completes (the docs' way), right at that completion.
  const failedWith = (j: Job, name: string) =>
    jobs.some((f) => {
      if (f.status !== 'failed' || f.item_name !== name) return false;
      const gap = Date.parse(f.created_at) - Date.parse(j.created_at);
      const ended = j.completed_at ? Date.parse(j.completed_at) - Date.parse(j.created_at) : 0;
      return Math.abs(gap) <= 100 || (gap >= 0 && gap <= ended + 1000);
    });
  return jobs.filter((j) => {
    if (j.status !== 'completed' || locked.has(j.id)) return false;
    return pairs.some(({ t, r }) => {
      if (j.item_id === t.item_id || j.item_name === t.name) return failedWith(j, r.name);
      return j.item_name === r.name && failedWith(j, t.name);
    });
  });
}

/** Job invariants: one completed job per locked asset and no other; failed jobs only when injected; nothing unfinished. */
export function checkJobs(lock: Lockfile, jobs: Job[], failuresInjected: boolean): string[] {
  const problems: string[] = [];
  const locked = new Map(Object.entries(lock.assets).map(([id, e]) => [e.job_id, id]));
  const superseded = new Set(supersededByFailedPartner(lock, jobs).map((j) => j.id));
  const completedFor = new Map<string, number>();
  for (const j of jobs) {
    const id = locked.get(j.id);
    if (j.status === 'completed') {
      if (id !== undefined) completedFor.set(id, (completedFor.get(id) ?? 0) + 1);
      else if (!superseded.has(j.id)) problems.push(`completed job ${j.id} (${j.item_name}) is not in the lock: generated twice or unrecorded`);
    } else if (j.status === 'failed') {
      if (!failuresInjected) problems.push(`job ${j.id} failed without injected job failures`);
      if (id !== undefined) problems.push(`the lock still points ${id} at failed job ${j.id}`);
    } else {
      problems.push(`job ${j.id} (${j.item_name}) is still ${j.status}${id ? '' : ' and not in the lock'}`);
    }
  }
  for (const id of Object.keys(lock.assets)) if (completedFor.get(id) !== 1) problems.push(`${id}: ${completedFor.get(id) ?? 0} completed jobs`);
  return problems;
}

/** Superseded items the lock records that are not items of this run's jobs, or are an entry's own item. */
export function supersededProblems(lock: Lockfile, jobs: Job[]): string[] {
  const items = new Set(jobs.map((j) => j.item_id).filter((i): i is string => typeof i === 'string'));
  const out: string[] = [];
  for (const [id, e] of Object.entries(lock.assets)) {
    for (const item of e.superseded_items ?? []) {
      if (item === e.item_id) out.push(`${id}: its own item ${item} is recorded as superseded`);
      else if (!items.has(item)) out.push(`${id}: superseded item ${item} is no job's item`);
    }
  }
  return out;
}
