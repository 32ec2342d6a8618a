/** `masko-sync watch`: runs the watch operation and shows its events (plans, previews, progress, summaries). */
import { createInterface } from 'node:readline/promises';
import { InvalidManifestError } from '../operations/errors.js';
import { watch, WATCH_DEFAULT_MAX_CREDITS, WATCH_DEFAULT_QUIET_MS, type RunOutcome, type WatchEvent } from '../operations/watch.js';
import type { Timers } from '../watch/scheduler.js';
import type { CliContext } from './context.js';
import { operationContext } from './operation-context.js';
import { plural, useColor } from './output.js';
import { renderInvalidManifest } from './render-diagnostics.js';
import { renderPlan } from './render-plan.js';
import { createReporter, type Reporter } from './reporter.js';
import { finish } from './run-sync.js';

export { WATCH_DEFAULT_MAX_CREDITS, WATCH_DEFAULT_QUIET_MS, type RunOutcome };

export interface WatchFlags {
  file?: string;
  /** Gallery port; 0 picks a free one. */
  port: number;
  preview: boolean;
  /** Per-change budget: a change estimated above it needs a yes on a terminal, and is skipped elsewhere. */
  maxCredits: number;
  emulator: boolean;
  json: boolean;
  /** Paid submissions wait until the manifest has not changed for this long (ms); a save during the wait cancels them. */
  quietMs?: number;
}

export interface WatchOptions {
  /** Asks a yes/no question; by default stdin is read when it is a terminal, otherwise nothing is asked. */
  confirm?: (question: string) => Promise<boolean>;
  /** Quiet period after a change before a run starts (ms). */
  debounceMs?: number;
  /** How long the file must see no event before a save counts (ms). */
  settleMs?: number;
  timers?: Timers;
  /** Called once the gallery serves and the manifest is watched. */
  onReady?: (info: { url: string }) => void;
  /** Called after each run (tests and benchmarks). */
  onRunEnd?: (info: { outcome: string }) => void;
}

/** Runs a watch session until ctx.signal aborts; resolves to 0, or 130 when a run was interrupted. */
export async function runWatch(ctx: CliContext, flags: WatchFlags, options: WatchOptions = {}): Promise<number> {
  const file = flags.file ?? 'masko.yaml';
  const confirm = options.confirm ?? defaultConfirm(ctx);
  const print = printer(ctx, flags, file, options);
  // Events are shown in order, even those whose printing waits (rendering an invalid manifest).
  let queue = Promise.resolve();
  const result = await watch(operationContext(ctx), {
    file,
    port: flags.port,
    preview: flags.preview,
    maxCredits: flags.maxCredits,
    emulator: flags.emulator,
    ...(flags.quietMs !== undefined ? { quietMs: flags.quietMs } : {}),
    ...(confirm ? { confirm } : {}),
    ...(options.debounceMs !== undefined ? { debounceMs: options.debounceMs } : {}),
    ...(options.settleMs !== undefined ? { settleMs: options.settleMs } : {}),
    ...(options.timers ? { timers: options.timers } : {}),
    onEvent: (e) => void (queue = queue.then(() => print(e))),
  });
  await queue;
  return result;
}

/** Shows each event of a session: lines on stderr, NDJSON on stdout with --json. */
function printer(ctx: CliContext, flags: WatchFlags, file: string, options: WatchOptions): (e: WatchEvent) => Promise<void> {
  let reporter: Reporter | undefined;
  // Counted from the run's events, as `sync` does: the summary names reference changes too.
  let referenceChanges = 0;
  const say = (line: string, json?: Record<string, unknown>) => {
    ctx.stderr(line + '\n');
    if (flags.json && json) ctx.stdout(JSON.stringify(json) + '\n');
  };
  return async (e) => {
    switch (e.type) {
      case 'ready':
        ctx.stderr(`Gallery: ${e.url}\n`);
        if (flags.json) ctx.stdout(JSON.stringify({ event: 'gallery', url: e.url }) + '\n');
        ctx.stderr(`Watching ${file} (budget ${plural(flags.maxCredits, 'credit')} per change${flags.preview ? ', free previews for image prompts' : ''}). Ctrl-C to stop.\n`);
        return options.onReady?.({ url: e.url });
      case 'change':
        return ctx.stderr(`\n[${new Date().toTimeString().slice(0, 8)}] ${e.file}\n`);
      case 'invalid':
        if (e.error instanceof InvalidManifestError) await renderInvalidManifest(ctx, e.error);
        return say(`${e.message}\nStill watching; nothing was spent. Save the file again once it is fixed.`, { event: 'invalid', message: e.message });
      case 'plan':
        if (flags.json) return ctx.stdout(JSON.stringify({ event: 'plan', ...e.plan }) + '\n');
        return ctx.stderr(renderPlan(e.plan, { color: useColor(ctx, 'stderr') }));
      case 'held':
        return say(`held back until a real sync (they need the new image): ${e.ids.join(', ')}`, { event: 'held', ids: e.ids });
      case 'preview':
        ctx.stderr(`◇ ${e.id}: free preview saved to ${e.path}\n`);
        if (flags.json) ctx.stdout(JSON.stringify({ event: 'preview', id: e.id, path: e.path }) + '\n');
        return;
      case 'preview_failed':
        return ctx.stderr(`✗ ${e.id}: preview failed: ${e.message}\n`);
      case 'collection_created':
        return ctx.stderr(`created collection ${e.id} (free) for previews\n`);
      case 'over_budget': {
        const why = `this change would spend an estimated ${plural(e.credits, 'credit')}, over the watch budget of ${e.limit} per change`;
        return say(`skipped: ${why}. Nothing was submitted.${e.asked ? '' : ' Run `masko-sync` to apply it, or raise --max-credits.'}`, { event: 'over_budget', credits: e.credits, limit: e.limit });
      }
      case 'waiting':
        return ctx.stderr(`waiting ${(e.ms / 1000).toFixed(1)} s for ${file} to stay unchanged before spending ${plural(e.credits, 'credit')}; a save cancels this\n`);
      case 'superseded':
        return say('a newer save arrived: this plan is dropped before anything was spent; planning the newest version', { event: 'superseded' });
      case 'applying':
        reporter = createReporter(ctx, { json: flags.json, total: e.work.length });
        referenceChanges = 0;
        return;
      case 'apply':
        if (e.event.type === 'reference_added' || e.event.type === 'reference_removed') referenceChanges++;
        return reporter?.event(e.event);
      case 'applied':
        finish(ctx, reporter, flags, e.report.result, e.report.estimate, e.report.exitCode, referenceChanges);
        reporter = undefined;
        return;
      case 'error':
        return say(`error: ${e.message}\nStill watching.`, { event: 'error', message: e.message });
      case 'run_end':
        return options.onRunEnd?.({ outcome: e.outcome });
      case 'stopping':
        return ctx.stderr('Stopping watch: finishing the run in flight, releasing the project lock.\n');
      case 'project':
        return;
      default: {
        const never: never = e;
        return never;
      }
    }
  };
}

/** y/N on stdin when both stdin and stderr are terminals; elsewhere there is nobody to ask. */
function defaultConfirm(ctx: CliContext): ((q: string) => Promise<boolean>) | undefined {
  if (!ctx.isTTY || !process.stdin.isTTY) return undefined;
  return async (question) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      const answer = await rl.question(question, { signal: ctx.signal });
      return /^y(es)?$/i.test(answer.trim());
    } catch {
      return false;
    } finally {
      rl.close();
    }
  };
}
