/** Free fixes: rename items, move files to their new folder, restore missing or altered files from the lock. */
import pLimit from 'p-limit';
import type { PlanStep } from '../model/plan.js';
import type { LockJournal } from './journal.js';
import type { ApplyEvent, ApplyOptions, ApplyResult } from './types.js';

// A resumed (pending) asset keeps its free rename: its item exists already.
const GENERATING = new Set(['create', 'regenerate', 'orphan']);

/** Carries out the rename/relocate/restore parts of steps that generate nothing. */
export async function applyFreeFixes(
  steps: PlanStep[],
  journal: LockJournal,
  options: ApplyOptions,
  result: ApplyResult,
  emit: (event: ApplyEvent) => void,
): Promise<void> {
  const limit = pLimit(Math.max(2, options.concurrency * 2));
  await Promise.all(
    steps
      .filter((s) => !GENERATING.has(s.action) && (s.rename || s.relocate?.length || s.restore?.length))
      .map((s) =>
        limit(async () => {
          try {
            await fixOne(s, journal, options, emit);
            result.fixed++;
          } catch (err) {
            result.failed.push({ id: s.id, code: 'fix_failed', message: (err as Error).message });
            emit({ type: 'failed', id: s.id, code: 'fix_failed', message: (err as Error).message });
          }
        }),
      ),
  );
}

async function fixOne(step: PlanStep, journal: LockJournal, options: ApplyOptions, emit: (e: ApplyEvent) => void): Promise<void> {
  const entry = journal.lock.assets[step.id];
  if (!entry) return;
  const { api, files, signal } = options;
  if (step.rename) {
    if (!entry.item_id) throw new Error(`cannot rename "${step.id}" yet: the API has not said which item it is (the next run tries again)`);
    await api.renameItem(entry.item_id, step.rename.to, signal);
    await journal.update(() => void (entry.name = step.rename!.to));
    emit({ type: 'renamed', id: step.id, from: step.rename.from, to: step.rename.to });
  }
  for (const move of step.relocate ?? []) {
    const file = entry.files[move.key];
    if (!file) continue;
    const moved = await files.move(move.from, move.to);
    if (!moved) {
      // The old copy is gone too: fetch the locked content straight into the new place.
      const got = await files.download(file.url, move.to, { expectedSha256: file.sha256, signal });
      file.bytes = got.bytes;
    }
    await journal.update(() => void (file.path = move.to));
    emit({ type: 'relocated', id: step.id, key: move.key, from: move.from, to: move.to });
  }
  for (const key of step.restore ?? []) {
    const file = entry.files[key];
    if (!file) continue;
    await files.download(file.url, file.path, { expectedSha256: file.sha256, signal });
    emit({ type: 'restored', id: step.id, key, path: file.path });
  }
}
