/** Peak resident memory of a child process: `/usr/bin/time -v` when present, and /proc polling as a cross-check. */
import { existsSync, readFileSync } from 'node:fs';

/** GNU time, whose "Maximum resident set size" is the kernel's exact figure (wait4 ru_maxrss). */
export const GNU_TIME = '/usr/bin/time';

/** Whether GNU time can wrap the child. */
export function haveGnuTime(): boolean {
  return process.platform === 'linux' && existsSync(GNU_TIME);
}

/** Peak RSS in bytes from a `time -v -o` report, or undefined. */
export function parseGnuTimeMaxRss(report: string): number | undefined {
  const m = /Maximum resident set size \(kbytes\):\s*(\d+)/.exec(report);
  return m ? Number(m[1]) * 1024 : undefined;
}

/** What the poller saw. */
export interface RssPoll {
  /** Highest VmHWM (the kernel's own high-water mark) or VmRSS read, in bytes. */
  peakBytes: number;
  /** How many reads succeeded. */
  samples: number;
}

/**
 * Polls /proc/<pid>/status every `intervalMs` and keeps the highest VmHWM/VmRSS. VmHWM is a
 * high-water mark, so a peak between two polls still counts; only growth in the last interval
 * before exit can be missed. With `child`, follows the first child of `pid` (the process GNU time runs).
 */
export function pollRss(pid: number, opts: { intervalMs?: number; child?: boolean } = {}): { stop(): RssPoll } {
  let peak = 0;
  let samples = 0;
  let target = opts.child ? undefined : pid;
  const read = (): void => {
    try {
      target ??= firstChild(pid);
      if (target === undefined) return;
      const status = readFileSync(`/proc/${target}/status`, 'utf8');
      for (const field of ['VmHWM', 'VmRSS']) {
        const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
        if (m) peak = Math.max(peak, Number(m[1]) * 1024);
      }
      samples++;
    } catch {
      // the process is gone (or this is not Linux)
    }
  };
  read();
  const timer = setInterval(read, opts.intervalMs ?? 20);
  return {
    stop() {
      clearInterval(timer);
      return { peakBytes: peak, samples };
    },
  };
}

function firstChild(pid: number): number | undefined {
  const ids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
  return ids.length ? Number(ids[0]) : undefined;
}
