/**
 * Telling a CDN placeholder from the real file without trusting a header. The CDN serves a light
 * placeholder at the final URL until the job is done, and an edge cache may keep serving it for a
 * while after. Two facts hold whatever the timing:
 * - a real generation never has the same bytes as another URL's file, while a placeholder is the
 *   same light file at every URL of its format: a hash served by two different URLs is a placeholder;
 * - the bytes a URL served while its job was provably unfinished (read first, the job's status asked
 *   after) were its placeholder: the same bytes from that URL later are still the placeholder.
 * Neither is ever recorded as a final file.
 *
 * The tool sees hashes in three ways: a few URLs of each format are fetched right after their jobs
 * are accepted (CDN requests, plus one job look per sampled job), every download is hashed, and
 * masko.lock holds what earlier runs recorded. The placeholders found and the fetched samples are
 * kept in `.masko/` (WireMemory), so later runs know them from the start; downloads are not (the
 * lock has those), so a run of a thousand files writes that file a handful of times, not once per file.
 */
import { extensionFor } from './follow-job.js';
import type { ApplyApi, ApplyFiles, WireMemory } from './types.js';

/** URLs fetched per file extension and run, at most, to learn its placeholder. */
const SAMPLES_PER_EXTENSION = 3;
/** How long after it is recorded a file of a format whose placeholder is unknown is fetched again (lookAgain). */
export const SECOND_LOOK_MS = 1000;
/** Remembered hashes and URL samples, at most. */
const MAX_PLACEHOLDERS = 64;
const MAX_SAMPLES = 256;

/** Learns placeholder hashes and answers whether a download's bytes are one. */
export class PlaceholderGuard {
  private readonly sampled = new Map<string, number>();
  /** sha256 → the URLs seen serving it (this run and remembered ones). */
  private readonly seen = new Map<string, Set<string>>();
  /** URL → the bytes it served while its job was provably unfinished. */
  private readonly before = new Map<string, string>();
  private readonly listeners: Array<(sha256: string) => void> = [];

  private saving = false;
  /** Extensions whose placeholder is known (proven by a sample, seen at two URLs, or remembered). */
  private readonly knownExt = new Set<string>();

  constructor(
    private readonly memory: WireMemory,
    private readonly files: ApplyFiles,
    /** To ask, after a sample, whether its job was still unfinished (absent: samples prove nothing alone). */
    private readonly api?: Pick<ApplyApi, 'getJob'>,
    /** Files earlier runs recorded (masko.lock): what their URLs served. */
    recorded: Iterable<{ url: string; sha256?: string }> = [],
  ) {
    for (const [url, sha] of memory.samples) this.note(url, sha, 'seen');
    for (const f of recorded) if (f.sha256) this.note(f.url, f.sha256, 'seen');
    for (const [url, sha] of memory.samples) if (memory.placeholders.has(sha)) this.knownExt.add(extensionFor('', url));
  }

  /** Called when a hash turns out to be a placeholder (files already recorded with it must be fetched again). */
  onConfirmed(listener: (sha256: string) => void): void {
    this.listeners.push(listener);
  }

  /** Whether bytes hashing to `sha256`, served at `url`, are a placeholder (the sighting is recorded too). */
  isPlaceholder(sha256: string, url: string): boolean {
    this.note(url, sha256, 'download');
    if (this.memory.placeholders.has(sha256) || this.before.get(url) === sha256) return true;
    const urls = this.seen.get(sha256);
    return !!urls && [...urls].some((u) => u !== url);
  }

  /** Records what a download served. */
  observe(url: string, sha256: string): void {
    this.note(url, sha256, 'download');
  }

  /**
   * Fetches a few URLs of a just-accepted job, for extensions whose placeholder is not known yet;
   * then, with `jobId`, one look at the job: if it is still unfinished, those bytes were placeholders.
   */
  async learn(urls: Record<string, string>, signal?: AbortSignal, jobId?: string): Promise<void> {
    const probe = this.files.probe?.bind(this.files);
    if (!probe) return;
    const chosen = Object.entries(urls).filter(([key, url]) => {
      const ext = extensionFor(key, url);
      const n = this.sampled.get(ext) ?? 0;
      if (n >= SAMPLES_PER_EXTENSION) return false;
      this.sampled.set(ext, n + 1);
      return true;
    });
    const samples = await Promise.all(
      chosen.map(async ([, url]) => {
        const got = await probe(url, signal).catch(() => undefined);
        if (got) this.note(url, got.sha256, 'sample');
        return { url, sha256: got?.sha256 };
      }),
    );
    if (!jobId || !this.api || samples.every((s) => s.sha256 === undefined)) return;
    const job = await this.api.getJob(jobId, signal ? { signal } : {}).catch(() => undefined);
    if (!job || job.status === 'completed' || job.status === 'failed') return;
    for (const s of samples) {
      if (s.sha256 === undefined) continue;
      this.before.set(s.url, s.sha256);
      // Bytes served while the job was unfinished are no generation's: its format's placeholder, at every URL.
      this.confirm(s.sha256);
      this.knownExt.add(extensionFor('', s.url));
    }
  }

  /**
   * A file just recorded, of a format whose placeholder is not known yet: its URL is fetched again a
   * little later (in the background: nothing waits for it but the end of the run). A URL's final
   * bytes never change, so bytes that changed were the format's placeholder (an edge cache that kept
   * serving it after the job ended): remembered, and every file recorded with them fetched again.
   */
  async lookAgain(key: string, url: string, sha256: string, signal?: AbortSignal): Promise<void> {
    const probe = this.files.probe?.bind(this.files);
    if (!probe || signal?.aborted || this.knownExt.has(extensionFor(key, url))) return;
    // An interrupted run does not wait for it (the file stays recorded, as after a crash).
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, SECOND_LOOK_MS);
      function done(): void {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    });
    if (signal?.aborted) {
      // Owed to the next run, which looks first thing (a SIGKILL in this second still skips it).
      if (!this.knownExt.has(extensionFor(key, url)) && this.memory.unchecked && this.memory.unchecked.size < MAX_SAMPLES) {
        this.memory.unchecked.set(url, sha256);
        this.saveSoon();
      }
      return;
    }
    if (this.knownExt.has(extensionFor(key, url))) return;
    await this.compare(key, url, sha256, probe, signal);
  }

  /**
   * The second looks an interrupted run owed (WireMemory.unchecked), made at once: the same test as
   * lookAgain's, and a file whose bytes changed is fetched again (onConfirmed).
   */
  async recheckOwed(signal?: AbortSignal): Promise<void> {
    const probe = this.files.probe?.bind(this.files);
    const owed = this.memory.unchecked;
    if (!probe || !owed || owed.size === 0) return;
    await Promise.all(
      [...owed].map(async ([url, sha256]) => {
        if (await this.compare('', url, sha256, probe, signal)) owed.delete(url);
      }),
    );
    this.saveSoon();
  }

  /** Fetches `url` again: changed bytes condemn `sha256` as a placeholder. False when the fetch failed (nothing learned). */
  private async compare(key: string, url: string, sha256: string, probe: NonNullable<ApplyFiles['probe']>, signal?: AbortSignal): Promise<boolean> {
    const again = await probe(url, signal).catch(() => undefined);
    if (!again) return false;
    if (again.sha256 === sha256) return true;
    this.before.set(url, sha256);
    this.knownExt.add(extensionFor(key, url));
    this.confirm(sha256);
    return true;
  }

  /** Notes what a URL served: `seen` only learns, a download may find a placeholder, a sample is also kept. */
  private note(url: string, sha256: string, how: 'seen' | 'download' | 'sample'): void {
    const urls = this.seen.get(sha256) ?? new Set<string>();
    const known = urls.has(url);
    urls.add(url);
    this.seen.set(sha256, urls);
    if (how === 'seen') return;
    if (urls.size >= 2) {
      for (const u of urls) this.knownExt.add(extensionFor('', u));
      this.confirm(sha256);
    }
    if (how === 'sample' && !known && this.memory.samples.size < MAX_SAMPLES) {
      this.memory.samples.set(url, sha256);
      this.saveSoon();
    }
  }

  /** A hash proven to be a placeholder: remembered at once, and files recorded with it fetched again. */
  private confirm(sha256: string): void {
    if (this.memory.placeholders.has(sha256) || this.memory.placeholders.size >= MAX_PLACEHOLDERS) return;
    this.memory.placeholders.add(sha256);
    // Rare and worth keeping at once: a later run must know it even if this one dies now.
    this.memory.save();
    for (const listener of this.listeners) listener(sha256);
  }

  /** One save for the samples learned in the same turn (a job's files are probed together). */
  private saveSoon(): void {
    if (this.saving) return;
    this.saving = true;
    queueMicrotask(() => {
      this.saving = false;
      this.memory.save();
    });
  }
}
