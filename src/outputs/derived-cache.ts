/**
 * `.masko/derived.json`: for each derived file, what it was made from (the source's sha256 and the
 * recipe) and what it is (its sha256, with the stat that vouches for it). Derived bytes depend on the
 * encoder, so they are never locked; this local record tells a current derived file from one whose
 * source changed or that was edited. Never needed for correctness: without it, a derived file on disk
 * is taken as current (and recorded), a missing one is made again.
 */
import { lstat, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomically } from '../lockfile/atomic-write.js';
import { sha256File } from '../lockfile/local-state.js';
import { stateDir } from './safe-path.js';

const FILE = 'derived.json';

/** One derived file as made. */
export interface DerivedRecord {
  /** sha256 of the file it was made from. */
  source: string;
  /** How it was made (derive-media.ts `recipeWord`). */
  recipe: string;
  sha256: string;
  bytes: number;
  mtimeMs: number;
  ino: number;
}

interface CacheFile {
  version: 1;
  files: Record<string, DerivedRecord>;
}

/** The state of a derived file on disk against what it should be made from. */
export type DerivedState = { current: true; sha256: string; bytes: number } | { current: false; why: 'missing' | 'stale' | 'modified' };

/** The derived cache of a project (read once, written back by `save`). */
export class DerivedCache {
  private dirty = false;
  /** The last save queued (never rejects). */
  private saving: Promise<void> = Promise.resolve();

  private constructor(
    private readonly projectDir: string,
    private readonly data: CacheFile,
  ) {}

  /** Loads `.masko/derived.json` (an empty cache when missing, unreadable, or `.masko` is unusable). */
  static async load(projectDir: string): Promise<DerivedCache> {
    let file: string | undefined;
    try {
      const dir = await stateDir(projectDir, { create: false });
      file = dir === undefined ? undefined : path.join(dir, FILE);
    } catch {
      file = undefined; // a symlinked .masko is never read through
    }
    let data: CacheFile = { version: 1, files: {} };
    if (file) {
      try {
        const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<CacheFile>;
        if (parsed.version === 1 && typeof parsed.files === 'object' && parsed.files !== null) data = parsed as CacheFile;
      } catch {
        // missing or corrupt: rebuilt as files are derived
      }
    }
    return new DerivedCache(projectDir, data);
  }

  /**
   * Whether the derived file at `abs` (`rel` in the project) is current for a source with sha256
   * `source` and `recipe`. A file the cache does not know is taken as current and recorded
   * (`trustUnknown`), or else made again.
   */
  async check(rel: string, abs: string, source: string, recipe: string, trustUnknown = true): Promise<DerivedState> {
    // lstat: a symlink there is never followed, it counts as missing (and is replaced itself).
    const st = await lstat(abs).catch(() => undefined);
    if (!st?.isFile()) return { current: false, why: 'missing' };
    const known = Object.hasOwn(this.data.files, rel) ? this.data.files[rel] : undefined;
    const vouched = known && known.bytes === st.size && known.mtimeMs === st.mtimeMs && known.ino === st.ino;
    const sha256 = vouched ? known.sha256 : await sha256File(abs);
    if (!known) {
      if (!trustUnknown) return { current: false, why: 'modified' };
      this.put(rel, { source, recipe, sha256, bytes: st.size, mtimeMs: st.mtimeMs, ino: st.ino });
      return { current: true, sha256, bytes: st.size };
    }
    if (sha256 !== known.sha256) return { current: false, why: 'modified' };
    if (known.source !== source || known.recipe !== recipe) return { current: false, why: 'stale' };
    if (!vouched) this.put(rel, { ...known, mtimeMs: st.mtimeMs, ino: st.ino });
    return { current: true, sha256, bytes: st.size };
  }

  /** Records a file just made. */
  async made(rel: string, abs: string, source: string, recipe: string): Promise<{ sha256: string; bytes: number }> {
    const st = await stat(abs);
    const sha256 = await sha256File(abs);
    this.put(rel, { source, recipe, sha256, bytes: st.size, mtimeMs: st.mtimeMs, ino: st.ino });
    return { sha256, bytes: st.size };
  }

  /** Forgets a file (removed). */
  forget(rel: string): void {
    if (!Object.hasOwn(this.data.files, rel)) return;
    delete this.data.files[rel];
    this.dirty = true;
  }

  /**
   * Writes the cache when it changed; a failure is ignored (it is only a cache). One write at a time:
   * variants finish concurrently, and two writes at once share atomic-write's fixed temp file, so one
   * failed and the records only it held were lost (a later edit of those files then went unseen).
   */
  save(): Promise<void> {
    this.saving = this.saving.then(() => this.write());
    return this.saving;
  }

  private async write(): Promise<void> {
    if (!this.dirty) return;
    this.dirty = false;
    const files = Object.fromEntries(Object.keys(this.data.files).sort().map((k) => [k, this.data.files[k]!]));
    try {
      const dir = await stateDir(this.projectDir, { create: true });
      if (dir) await writeFileAtomically(path.join(dir, FILE), JSON.stringify({ version: 1, files }, null, 2) + '\n');
    } catch {
      // A symlinked or read-only .masko: the cache is only an accelerator.
    }
  }

  private put(rel: string, rec: DerivedRecord): void {
    this.data.files[rel] = rec;
    this.dirty = true;
  }
}
