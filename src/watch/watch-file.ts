/** Watches one file (the manifest) for saves, including editors that save by writing a temp file and renaming it. */
import { watch } from 'chokidar';

/** A file watcher; `ready` resolves once changes are being seen. */
export interface FileWatcher {
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * Calls `onChange` after each save of `file`, once its size has been stable for `settleMs`
 * (a half-written file is not reported). Only this path is watched: never the outputs or the lock.
 */
export function watchFile(file: string, onChange: () => void, opts: { settleMs: number; onError?: (err: unknown) => void }): FileWatcher {
  const watcher = watch(file, {
    ignoreInitial: true,
    persistent: true,
    awaitWriteFinish: { stabilityThreshold: opts.settleMs, pollInterval: Math.max(5, Math.floor(opts.settleMs / 4)) },
  });
  watcher.on('all', (event) => {
    if (event === 'add' || event === 'change' || event === 'unlink') onChange();
  });
  watcher.on('error', (err) => opts.onError?.(err));
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return { ready, close: () => watcher.close() };
}
