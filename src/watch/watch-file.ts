/**
 * Watches one file (the manifest) for saves, whatever the editor does: writes in place, atomic
 * rename-over (sed -i, vim, JetBrains), delete and re-create, truncate then write.
 *
 * Why not chokidar on the file itself (as before): chokidar 5 watches a single file through its
 * inode; when the file is deleted or renamed over while a stat fails, it drops the path from its
 * watched set and never re-adds it (handler.js `_handleFile` → `_remove`), so the watch goes deaf.
 * It also throttles: a `change` within 50 ms of the previous one is dropped, and `awaitWriteFinish`
 * swallows events while a write is pending. So here chokidar watches the parent folder (depth 0,
 * only this file name let through) and its events, raw ones included, only wake us up; what counts
 * is the file's content: after `settleMs` with no event, its SHA-256 is compared with the last one
 * reported. A cheap stat poll backs the watcher up, so a missed event is caught within `pollMs`.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { watch } from 'chokidar';

/** A file watcher; `ready` resolves once changes are being seen. */
export interface FileWatcher {
  ready: Promise<void>;
  close(): Promise<void>;
}

export interface WatchFileOptions {
  /** Quiet time after the last file-system event before the content is read (a half-written file is not reported). */
  settleMs: number;
  /** Interval of the backstop stat poll (default 500 ms). */
  pollMs?: number;
  onError?: (err: unknown) => void;
}

/** Calls `onChange` once per settled change of `file`'s content (a deleted file counts as a change; so does its return). */
export function watchFile(file: string, onChange: () => void, opts: WatchFileOptions): FileWatcher {
  const abs = path.resolve(file);
  const dir = path.dirname(abs);
  const name = path.basename(abs);
  let closed = false;
  let reported: string | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let polled: string | undefined;

  // Reads can overlap (a slow one, then a save and a fast one): only the latest may speak, or an
  // older read ending last would set `reported` to stale content and a save back to it would be missed.
  let reads = 0;
  const settle = async () => {
    timer = undefined;
    const mine = ++reads;
    const now = await contentKey(abs);
    if (closed || mine !== reads || now === reported) return;
    reported = now;
    onChange();
  };
  const poke = () => {
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void settle().catch((err: unknown) => opts.onError?.(err)), opts.settleMs);
  };

  const watcher = watch(dir, {
    depth: 0,
    ignoreInitial: true,
    persistent: true,
    // Our own settling replaces chokidar's (whose pending-write map swallows events).
    atomic: false,
    ignored: (p: string) => p !== dir && path.basename(p) !== name,
  });
  watcher.on('all', (_event, p) => {
    if (path.basename(p) === name) poke();
  });
  watcher.on('raw', (_event, p) => {
    if (typeof p !== 'string' || path.basename(p) === name) poke();
  });
  watcher.on('error', (err) => opts.onError?.(err));

  // The backstop: stat is cheap, and catches anything the watcher missed.
  const poll = setInterval(() => {
    void statKey(abs).then((key) => {
      if (polled !== undefined && key !== polled) poke();
      polled = key;
    });
  }, opts.pollMs ?? 500);
  poll.unref();

  // Listened for at once: chokidar may be ready before the first read ends, and an event emitted
  // before anyone listens is gone (a suite under load saw watch never become ready).
  const watching = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  const ready = (async () => {
    [reported, polled] = await Promise.all([contentKey(abs), statKey(abs)]);
    await watching;
  })();
  return {
    ready,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      clearInterval(poll);
      await watcher.close();
    },
  };
}

/** The file's content as a key: its SHA-256, or "missing". */
async function contentKey(file: string): Promise<string> {
  try {
    return createHash('sha256').update(await readFile(file)).digest('hex');
  } catch {
    return 'missing';
  }
}

/** What a stat says about the file: size, mtime, ctime and inode (any save changes one of them). */
async function statKey(file: string): Promise<string> {
  try {
    const s = await stat(file);
    return `${s.size}:${s.mtimeMs}:${s.ctimeMs}:${s.ino}`;
  } catch {
    return 'missing';
  }
}
