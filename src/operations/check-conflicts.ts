/** Refuses a plan that would write over files masko-sync does not own, before anything is spent; parses --overwrite. */
import type { Manifest } from '../model/manifest.js';
import type { Plan } from '../model/plan.js';
import type { Overwrite } from '../plan/conflicts.js';
import { OperationError } from './errors.js';
import { ExitCode } from './exit-codes.js';

/** Refuses (exit 1, nothing spent) a sync that would pay for files it cannot save: an output folder is not writable. */
export async function refuseUnwritable(projectDir: string, manifest: Manifest, plan: Plan): Promise<void> {
  if (plan.summary.credits === 0) return;
  const { unwritableFolders } = await import('./check-output-folders.js');
  const bad = await unwritableFolders(projectDir, manifest);
  if (bad.length === 0) return;
  throw new OperationError(
    `cannot write into ${bad.map((b) => `${b.dir} (${b.code === 'EROFS' ? 'read-only file system' : 'permission denied'}, ${b.code})`).join(', ')}; ` +
      'nothing was submitted and nothing was spent. Make the folder writable, or pick another output folder.',
    ExitCode.failure,
  );
}

/** `--overwrite <paths|all>` (repeatable, comma-separated) → the paths adopted on purpose. */
export function parseOverwrite(values: string[] | undefined): Overwrite | undefined {
  if (!values?.length) return undefined;
  const paths = new Set(values.map((p) => p.trim().replace(/^\.\//, '')).filter(Boolean));
  return { all: paths.has('all'), paths };
}

/** Throws (exit 4, nothing spent) listing every file in the way and the two ways out. */
export function refuseConflicts(plan: Plan): void {
  const conflicts = plan.waves.flat().flatMap((s) => (s.conflicts ?? []).map((c) => ({ id: s.id, action: s.action, ...c })));
  if (conflicts.length === 0) return;
  const lines = conflicts.map((c) => `  ${c.path} (${c.action} ${c.id}): ${c.reason}`);
  const paths = [...new Set(conflicts.map((c) => c.path))].join(',');
  throw new OperationError(
    `${conflicts.length} file(s) are in the way; masko-sync never replaces a file it did not make. Nothing was done and nothing was spent.\n` +
      `${lines.join('\n')}\n` +
      `Move each file away (or delete it), or adopt it on purpose: masko-sync --overwrite ${paths} (or --overwrite all).`,
    ExitCode.invalid,
  );
}
