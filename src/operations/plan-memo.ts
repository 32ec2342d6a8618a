/**
 * `.masko/plan-memo.json`: the last plan `plan` computed, and what it was computed from. The planner
 * is a pure function of the manifest, the lock and the state of the files it names, so the same
 * inputs give the same plan. The memo is keyed by the manifest's and the lock's identity-bound keys
 * (their bytes and the files they came from, see file-identity.ts) and by this code's own file, and
 * it holds what `lstat` said of every path the plan looked at. It answers only when all of these
 * still hold, so a hit skips parsing and checking the lock and planning, not the look at the disk.
 *
 * Only `plan` uses it. `sync` always plans afresh, so a memo can never decide what is spent.
 */
import { lstat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Plan } from '../model/plan.js';
import { racy, sameSeen, statPass, type Seen, type StatKey } from '../lockfile/stat-pass.js';
import { readKeyed, writeKeyed } from './file-identity.js';

/** A path's state as stored: 0 absent, 1 symlink, or a file's [size, mtimeMs, ctimeMs, ino]. */
type StoredSeen = 0 | 1 | [number, number, number, number];

let codeKey: Promise<string> | undefined;

/**
 * The memo's key. The package version in the other keys does not change while masko-sync itself is
 * developed, so the build of this file stands for the code's (every build writes dist/ afresh).
 */
export async function memoKey(manifestKey: string, lockKey: string): Promise<string> {
  codeKey ??= lstat(fileURLToPath(import.meta.url)).then(
    (st) => `${st.ino}:${st.mtimeMs}`,
    () => 'unknown',
  );
  return `plan-memo 1:${await codeKey}:${manifestKey}:${lockKey}`;
}

/** The remembered plan, if the memo holds `key` and every path is still as it was; undefined otherwise. */
export async function recallPlan(memoFile: string, key: string, projectDir: string): Promise<Plan | undefined> {
  const data = await readKeyed(memoFile, key);
  if (!data) return undefined;
  const { paths, seen, plan } = data;
  if (!Array.isArray(paths) || !Array.isArray(seen) || paths.length !== seen.length || !paths.every((p) => typeof p === 'string')) return undefined;
  if (plan === null || typeof plan !== 'object' || !Array.isArray((plan as Plan).waves)) return undefined;
  const now = statPass(projectDir, paths as string[]);
  for (let i = 0; i < now.length; i++) {
    const was = decode(seen[i]);
    if (!was || !sameSeen(now[i]!, was)) return undefined;
  }
  return plan as Plan;
}

/**
 * Remembers `plan` as computed from these path states (as the stat pass saw them, before any
 * hashing). Not when a file changed too recently for its stat key to vouch for its bytes.
 */
export async function rememberPlan(memoFile: string, key: string, paths: string[], seen: Seen[], plan: Plan, nowMs: number): Promise<void> {
  if (seen.some((s) => s.kind === 'file' && racy(s.key, nowMs))) return;
  await writeKeyed(memoFile, key, { paths, seen: seen.map(encode), plan });
}

function encode(s: Seen): StoredSeen {
  if (s.kind === 'file') return [s.key.size, s.key.mtimeMs, s.key.ctimeMs, s.key.ino];
  return s.kind === 'symlink' ? 1 : 0;
}

function decode(v: unknown): Seen | undefined {
  if (v === 0) return { kind: 'absent' };
  if (v === 1) return { kind: 'symlink' };
  if (!Array.isArray(v) || v.length !== 4 || !v.every((n) => typeof n === 'number')) return undefined;
  const [size, mtimeMs, ctimeMs, ino] = v as number[];
  const key: StatKey = { size: size!, mtimeMs: mtimeMs!, ctimeMs: ctimeMs!, ino: ino! };
  return { kind: 'file', key };
}
