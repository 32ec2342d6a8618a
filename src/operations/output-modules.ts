/**
 * What a sync needs only once files arrive: the output writers, the gallery and the media reader
 * (image-size and some 40 modules, ~40 ms to load). A sync loads them in the background once its
 * first batch is submitted, while the jobs run, rather than before the first job is accepted.
 */
import type { Lockfile } from '../model/lock.js';
import type { Manifest } from '../model/manifest.js';
import type { MediaInfo } from '../outputs/media-types.js';
import type { MediaReader } from '../outputs/read-media.js';
import type * as WriteOutputs from '../outputs/write-outputs.js';
import type * as WriteGallery from '../gallery/write-gallery.js';
import type * as ReadMedia from '../outputs/read-media.js';

type Modules = [typeof WriteOutputs, typeof WriteGallery, typeof ReadMedia];

let loading: Promise<Modules> | undefined;

/** The modules, loading them on the first call. */
export function outputModules(): Promise<Modules> {
  loading ??= Promise.all([import('../outputs/write-outputs.js'), import('../gallery/write-gallery.js'), import('../outputs/read-media.js')]);
  return loading;
}

/** Starts loading them without waiting (a failure surfaces where they are used). */
export function preloadOutputModules(): void {
  outputModules().catch(() => undefined);
}

/**
 * A MediaReader that can be fed before its module has loaded: files added early are read once it
 * has. Files whose media info a download already read (`learn`) are not read again.
 */
export class DeferredMediaReader {
  private reader: Promise<MediaReader> | undefined;
  private readonly adds: Promise<void>[] = [];
  private readonly learned = new Map<string, MediaInfo>();

  constructor(private readonly projectDir: string) {}

  /** What a download read of the file with this hash, while writing it. */
  learn(sha256: string, media: MediaInfo): void {
    this.learned.set(sha256, media);
  }

  /** As MediaReader.add: reads these recorded files in the background. */
  add(files: Iterable<{ path: string; sha256?: string; bytes?: number }>): void {
    const list = [...files].filter((f) => f.sha256 === undefined || !this.learned.has(f.sha256));
    if (list.length === 0) return;
    this.reader ??= outputModules().then(([, , media]) => new media.MediaReader(this.projectDir));
    // A failed load only means the index reads these files itself at the end.
    this.adds.push(this.reader.then((r) => r.add(list)).catch(() => undefined));
  }

  /** As MediaReader.settled, with what downloads read: every file added so far read (or skipped). */
  async settled(): Promise<ReadonlyMap<string, MediaInfo>> {
    await Promise.all(this.adds);
    const reader = await this.reader?.catch(() => undefined);
    const read = reader ? await reader.settled() : new Map<string, MediaInfo>();
    return new Map([...this.learned, ...read]);
  }
}

/** The asset index, the TS module, and the contact sheet when `output.gallery` is on. */
export async function writeAllOutputs(projectDir: string, manifest: Manifest, lock: Lockfile, known?: ReadonlyMap<string, MediaInfo>): Promise<void> {
  const [{ writeOutputs }, { writeGallery }] = await outputModules();
  await writeOutputs(projectDir, manifest, lock, known ? { known } : {});
  if (manifest.output.gallery) await writeGallery(projectDir, manifest, lock);
}
