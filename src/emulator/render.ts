/** Renders a job's files through the media renderer, caches bytes by their inputs, and keeps blobs by sha256. */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pLimit from 'p-limit';
import { bytesSha256, sha256Hex } from './ids.js';
import type { AnimationFiles, MediaRenderer } from './media/index.js';
import { renderVariant } from './size-variants.js';
import type { AssetRec, JobRec, RenderWork } from './state.js';

const CACHE_ENTRIES = 64;

/** The bytes of each asset key a job produces. */
export type RenderedFiles = Record<string, Buffer>;

/** Rendering and blob storage for the emulator (memory, plus `dataDir/blobs` when persisting). */
export class RenderService {
  /** input hash → rendering in flight or done (small LRU: Map keeps insertion order) */
  private readonly cache = new Map<string, Promise<RenderedFiles>>();
  private readonly blobs = new Map<string, Buffer>();
  private readonly blobDir: string | undefined;
  /** PNG rendering is synchronous CPU work: queue it and yield first, so requests are served in between */
  private readonly queue = pLimit(2);

  constructor(
    readonly media: MediaRenderer,
    dataDir: string | undefined,
  ) {
    this.blobDir = dataDir === undefined ? undefined : path.join(dataDir, 'blobs');
  }

  /** Renders every file of a job; the same work gives the same bytes (and hits the cache). */
  renderJob(work: RenderWork): Promise<RenderedFiles> {
    const key = sha256Hex(JSON.stringify(work));
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    const p = this.queue(async () => {
      await new Promise<void>((resolve) => setImmediate(resolve));
      return this.renderUncached(work);
    });
    this.cache.set(key, p);
    p.catch(() => this.cache.delete(key));
    if (this.cache.size > CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    return p;
  }

  private async renderUncached(work: RenderWork): Promise<RenderedFiles> {
    const input = { description: work.description, prompt: work.prompt, seed: work.seed };
    switch (work.kind) {
      case 'image': {
        const [image, transparent] = await Promise.all([
          this.media.image(input, { transparent: false }),
          this.media.image(input, { transparent: true }),
        ]);
        return { image, transparent_image: transparent };
      }
      case 'animation': {
        const anim: Parameters<MediaRenderer['animation']>[0] = { ...input, duration: work.duration, loop: work.loop };
        if (work.endPrompt !== undefined) anim.endPrompt = work.endPrompt;
        const [clips, still] = await Promise.all([
          this.media.animation(anim),
          work.stillPrompt === undefined ? undefined : this.media.image({ ...input, prompt: work.stillPrompt }, { transparent: false }),
        ]);
        const out: RenderedFiles = { video: clips.video, webm: clips.webm, hevc: clips.hevc };
        if (still) out.image = still;
        return out;
      }
      case 'logo':
        return { ...(await this.media.logoPack({ ...input, styleName: work.styleName })) };
      default: {
        const never: never = work;
        throw new Error(`unhandled work ${JSON.stringify(never)}`);
      }
    }
  }

  /** Renders every size variant of a job (`<key>@<width>` → bytes); the clips of one width are encoded once. */
  async renderVariants(job: Pick<JobRec, 'work' | 'variant_ids'>, assets: Record<string, AssetRec>): Promise<RenderedFiles> {
    const out: RenderedFiles = {};
    await Promise.all(
      Object.entries(job.variant_ids ?? {}).map(async ([key, id]) => {
        const v = assets[id]?.variant;
        const bytes = v ? await this.renderVariant(job.work, v.of, v.size) : undefined;
        if (bytes) out[key] = bytes;
      }),
    );
    return out;
  }

  /** One size variant of a job's file (undefined when the work has no such file). */
  renderVariant(work: RenderWork, of: string, size: number): Promise<Buffer | undefined> {
    return this.queue(() => renderVariant(this.variantMedia, work, of, size));
  }

  /** The renderer, with the clips of one work and width encoded once for its three containers. */
  private get variantMedia(): MediaRenderer {
    const media = this.media;
    return {
      videoMode: media.videoMode,
      image: (input, opts) => media.image(input, opts),
      logoPack: (input, opts) => media.logoPack(input, opts),
      placeholder: (format) => media.placeholder(format),
      animation: (input, opts) => this.clipAt(input, opts),
    };
  }

  private clipAt(input: Parameters<MediaRenderer['animation']>[0], opts?: { size?: number }): Promise<AnimationFiles> {
    const key = sha256Hex(JSON.stringify(input), String(opts?.size));
    let hit = this.clips.get(key);
    if (!hit) {
      hit = this.media.animation(input, opts);
      this.clips.set(key, hit);
      hit.catch(() => this.clips.delete(key));
      if (this.clips.size > CACHE_ENTRIES) this.clips.delete(this.clips.keys().next().value!);
    }
    return hit;
  }

  private readonly clips = new Map<string, Promise<AnimationFiles>>();

  /** Stores bytes under their sha256 and returns it. */
  putBlob(bytes: Buffer): string {
    const sha = bytesSha256(bytes);
    if (this.blobDir === undefined) {
      this.blobs.set(sha, bytes);
    } else {
      mkdirSync(this.blobDir, { recursive: true });
      const file = path.join(this.blobDir, sha);
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, bytes);
      renameSync(tmp, file);
    }
    return sha;
  }

  /** The stored bytes of a sha256, if any. */
  getBlob(sha: string): Buffer | undefined {
    if (this.blobDir === undefined) return this.blobs.get(sha);
    try {
      return readFileSync(path.join(this.blobDir, sha));
    } catch {
      return undefined;
    }
  }

  /** A light placeholder of the asset's format. */
  placeholder(format: AssetRec['format']): Buffer {
    // Uploads (the only JPEG and WebP files) are ready at once: they never need one of their own.
    return this.media.placeholder(format === 'jpg' || format === 'webp' ? 'png' : format);
  }
}
