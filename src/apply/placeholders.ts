/**
 * Telling a CDN placeholder from the real file without trusting a header: the CDN serves the
 * placeholder at the final URL until the job is done (and an edge cache may keep serving it for a
 * while after). So the tool learns what placeholders look like, and never records a download whose
 * bytes are one of them.
 *
 * A sample is the bytes a URL serves while its job is provably unfinished (read first, job status
 * asked after). Because a server might swap in the real file a moment before it marks the job done,
 * one sample is not proof: a hash counts as a placeholder only once two different URLs served it.
 * Real generations never share bytes across assets; placeholders are one light file per format.
 */
import { extensionFor } from './follow-job.js';
import type { ApplyApi, ApplyFiles, WireMemory } from './types.js';

/** URLs sampled per extension and run, at most. */
const SAMPLES_PER_EXTENSION = 4;
/** Placeholder hashes remembered, at most (a server has a handful). */
const MAX_REMEMBERED = 64;

/** Learns placeholder hashes and answers which hashes a download must not have. */
export class PlaceholderGuard {
  private readonly sampled = new Map<string, number>();
  private readonly confirmedExt = new Set<string>();
  /** sha256 → the URLs that served it while unfinished. */
  private readonly seen = new Map<string, Set<string>>();

  constructor(
    private readonly memory: WireMemory,
    private readonly files: ApplyFiles,
    private readonly api: ApplyApi,
  ) {}

  /** Hashes a download must not have. */
  get refused(): ReadonlySet<string> {
    return this.memory.placeholders;
  }

  /** Samples the URLs of a job that was just accepted, for extensions whose placeholder is not confirmed yet. */
  async learn(jobId: string | undefined, urls: Record<string, string>, signal?: AbortSignal): Promise<void> {
    const probe = this.files.probe?.bind(this.files);
    if (!probe || !jobId) return;
    const chosen = Object.entries(urls).filter(([key, url]) => {
      const ext = extensionFor(key, url);
      const n = this.sampled.get(ext) ?? 0;
      if (this.confirmedExt.has(ext) || n >= SAMPLES_PER_EXTENSION) return false;
      this.sampled.set(ext, n + 1);
      return true;
    });
    if (chosen.length === 0) return;
    const samples = await Promise.all(chosen.map(async ([key, url]) => ({ ext: extensionFor(key, url), url, got: await probe(url, signal).catch(() => undefined) })));
    const job = await this.api.getJob(jobId, { signal }).catch(() => undefined);
    if (!job || job.status === 'completed' || job.status === 'failed') return;
    let learned = false;
    for (const { ext, url, got } of samples) {
      if (!got) continue;
      const urlsSeen = this.seen.get(got.sha256) ?? new Set<string>();
      urlsSeen.add(url);
      this.seen.set(got.sha256, urlsSeen);
      if (urlsSeen.size < 2) continue;
      this.confirmedExt.add(ext);
      if (!this.memory.placeholders.has(got.sha256) && this.memory.placeholders.size < MAX_REMEMBERED) {
        this.memory.placeholders.add(got.sha256);
        learned = true;
      }
    }
    if (learned) this.memory.save();
  }
}
