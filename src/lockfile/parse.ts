/** Lock text → Lockfile: conflict markers, JSON, version → upgrade → schema. Throws LockfileError. */
import type { Lockfile } from '../model/lock.js';
import { lockPathProblems } from './check-paths.js';
import { LockfileError } from './errors.js';
import { lineColumn, scanJson } from './json-locate.js';
import { lockErrorAt } from './locate-error.js';
import { lockViolations } from './validate.js';

/** The lockfileVersion this code writes and reads. */
export const LOCKFILE_VERSION = 1;

/** Step-by-step upgrades: UPGRADES[n] turns a version-n lock into version n+1 (none yet). */
const UPGRADES: Record<number, (raw: Record<string, unknown>) => Record<string, unknown>> = {};

/**
 * Deepest nesting a lock may have. A real one is about eight levels deep (inflight request bodies
 * included); a crafted one nested thousands deep would overflow the stack of every recursive walk
 * after parsing (canonical JSON, diffs), so it is refused here with its position.
 */
export const MAX_LOCK_DEPTH = 32;

const RESTORE_HINT = 'fix it by hand, or take it back from git (`git checkout -- masko.lock`); masko-sync never replaces a lock it cannot read';

/** Parses and validates lock text; `file` names it in messages. */
export function parseLock(text: string, file = 'masko.lock'): Lockfile {
  const { src, upgraded } = decode(text, file);
  const violations = lockViolations(upgraded);
  if (violations.length > 0) {
    const first = violations[0]!;
    const scan = scanJson(src);
    const offset = scan.ok ? scan.offsets.get(first.pointer) : undefined;
    const more = violations.length > 1 ? ` (and ${violations.length - 1} more: ${violations.slice(1, 4).map((v) => v.message).join('; ')})` : '';
    throw new LockfileError({
      file,
      problem: `${first.message}${more}`,
      hint: RESTORE_HINT,
      ...(offset !== undefined ? lineColumn(src, offset) : {}),
    });
  }
  const lock = upgraded as unknown as Lockfile;
  // The schema fixes the shape of everything but the recorded inputs and request bodies: only those can be hostile in depth.
  if (freeFormParts(lock).some((v) => depthOf(v) > MAX_LOCK_DEPTH - 4)) {
    const scan = scanJson(src, MAX_LOCK_DEPTH);
    const at = scan.ok ? { line: 1, column: 1 } : lineColumn(src, scan.error.offset);
    throw new LockfileError({ file, problem: `a value is nested more than ${MAX_LOCK_DEPTH} levels deep; masko-sync never writes such a lock`, hint: RESTORE_HINT, ...at });
  }
  const paths = lockPathProblems(lock);
  if (paths.length > 0) {
    const first = paths[0]!;
    const more = paths.length > 1 ? ` (and ${paths.length - 1} more)` : '';
    throw lockErrorAt(src, file, first.pointer, first.message + more, first.hint);
  }
  return withSafeLookups(lock);
}

/**
 * The lock of text that parseLock accepted before, byte for byte (the lock-check cache in `.masko/`
 * proves it): the same result without running its schema, depth and path checks again. Never for
 * text of unknown origin: those checks are what makes a lock safe to act on.
 */
export function parseLockCheckedBefore(text: string, file = 'masko.lock'): Lockfile {
  return withSafeLookups(decode(text, file).upgraded as unknown as Lockfile);
}

/** Conflict markers, JSON, an object, the version and its upgrades: the checks any use of the text needs. */
function decode(text: string, file: string): { src: string; upgraded: Record<string, unknown> } {
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  checkConflictMarkers(src, file);
  let raw: unknown;
  try {
    raw = JSON.parse(src);
  } catch (err) {
    const scan = scanJson(src);
    const at = scan.ok ? { line: 1, column: 1 } : lineColumn(src, scan.error.offset);
    const problem = `not valid JSON: ${scan.ok ? (err as Error).message : scan.error.message}`;
    throw new LockfileError({ file, problem, hint: RESTORE_HINT, ...at, cause: err });
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new LockfileError({ file, problem: 'the lock must be a JSON object', hint: RESTORE_HINT, line: 1, column: 1 });
  }
  return { src, upgraded: normaliseInflight(upgrade(raw as Record<string, unknown>, src, file)) };
}

/** Asset ids such as "constructor" are valid: lookups must never fall through to Object.prototype. */
function withSafeLookups(lock: Lockfile): Lockfile {
  lock.assets = Object.assign(Object.create(null) as Lockfile['assets'], lock.assets);
  return lock;
}

/** The values of a schema-valid lock whose shape the schema leaves open: recorded inputs, and inflight request bodies. */
function freeFormParts(lock: Lockfile): unknown[] {
  const out: unknown[] = Object.values(lock.assets).map((e) => e.inputs);
  for (const batch of Object.values(lock.inflight ?? {})) for (const i of batch.items) out.push(i.inputs, i.request, i.reverse?.inputs);
  return out;
}

/** Deepest nesting of a parsed JSON value, found without recursion (the value may be hostile). */
function depthOf(value: unknown): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d > max) max = d;
    if (max > MAX_LOCK_DEPTH) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (child !== null && typeof child === 'object') stack.push([child, d + 1]);
  }
  return max;
}

/** Reads lockfileVersion and applies the upgrades up to the current version; refuses a newer one. */
function upgrade(raw: Record<string, unknown>, src: string, file: string): Record<string, unknown> {
  const version = raw['lockfileVersion'];
  const at = () => {
    const scan = scanJson(src);
    const offset = scan.ok ? scan.offsets.get('/lockfileVersion') : undefined;
    return offset === undefined ? { line: 1, column: 1 } : lineColumn(src, offset);
  };
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    const problem = version === undefined ? 'missing "lockfileVersion"' : `"lockfileVersion" must be a positive integer, found ${JSON.stringify(version)}`;
    throw new LockfileError({ file, problem, hint: RESTORE_HINT, ...at() });
  }
  if (version > LOCKFILE_VERSION) {
    throw new LockfileError({
      file,
      problem: `lockfileVersion ${version} was written by a newer masko-sync; this one reads up to lockfileVersion ${LOCKFILE_VERSION}`,
      hint: 'upgrade masko-sync (`npm install -D masko-sync@latest`); do not edit or delete the lock',
      ...at(),
    });
  }
  let current = raw;
  for (let v = version; v < LOCKFILE_VERSION; v++) {
    const step = UPGRADES[v];
    if (!step) throw new Error(`bug: no upgrade from lockfileVersion ${v}`);
    current = step(current);
  }
  return current;
}

/** Git conflict markers mean an unfinished merge: say where, and that both sides usually belong. */
function checkConflictMarkers(text: string, file: string): void {
  const m = /^(<{7}|={7}|>{7})(?: |$)/m.exec(text);
  if (!m) return;
  const { line } = lineColumn(text, m.index);
  throw new LockfileError({
    file,
    line,
    column: 1,
    problem: `unresolved git merge conflict (a "${m[1]}" marker at line ${line})`,
    hint:
      'finish the merge: each asset has its own entry, so both sides usually belong. Keep both entries, ' +
      'delete the <<<<<<< ======= >>>>>>> lines, then run `masko-sync plan` to check',
  });
}

/** Locks written before `sent_at` was recorded hold each inflight batch as a bare list of items. */
function normaliseInflight(raw: Record<string, unknown>): Record<string, unknown> {
  const inflight = raw['inflight'];
  if (!inflight || typeof inflight !== 'object' || Array.isArray(inflight)) return raw;
  const batches = Object.fromEntries(Object.entries(inflight).map(([k, v]) => [k, Array.isArray(v) ? { items: v } : v]));
  return { ...raw, inflight: batches };
}
