/** `sync` (the default command), `pull` and `prune`. */
import { InvalidArgumentError, type Command } from 'commander';
import type { RegisterCommand } from '../context.js';

/** Parses a non-negative whole number flag. */
export function wholeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected a whole number ≥ 0, got "${value}"`);
  return n;
}

function positive(value: string): number {
  const n = wholeNumber(value);
  if (n < 1) throw new InvalidArgumentError('expected at least 1');
  return n;
}

function idList(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
}

function common(cmd: Command): Command {
  return cmd
    .option('-f, --file <path>', 'the manifest', 'masko.yaml')
    .option('--json', 'machine output on stdout (NDJSON events and a summary); logs on stderr', false)
    .option('--emulator', 'run against an in-process Masko emulator (state in .masko/emulator)', false);
}

export const register: RegisterCommand = (program, ctx) => {
  common(program.command('sync', { isDefault: true }).description('make the files, the collection and masko.lock match the manifest'))
    .option('--only <ids>', 'only these asset ids (comma-separated), with their dependencies', idList)
    .option('--concurrency <n>', 'batch submissions in flight at once', positive, 4)
    .option('--max-credits <n>', 'refuse (exit 5) if the estimate is above n; 0 means nothing may be spent', wholeNumber)
    .option('--frozen', 'CI: never generate or write the lock; restore missing files; exit 2 if anything would change', false)
    .option('--no-wait', 'submit, record the pending jobs and CDN URLs, and return')
    .option('--overwrite <paths>', 'replace these files in the way (comma-separated project paths, or "all"), which masko-sync did not make', idList)
    .action(async (o: { file: string; json: boolean; emulator: boolean; only?: string[]; concurrency: number; maxCredits?: number; frozen: boolean; wait: boolean; overwrite?: string[] }) => {
      // Loaded on demand so that `--help`, `validate` and `plan` start fast.
      const { runSync } = await import('../run-sync.js');
      ctx.exitCode = await runSync(ctx, { ...o });
    });

  common(program.command('pull').description('restore locked files that are missing or altered (no generation, no key)'))
    .action(async (o: { file: string; emulator: boolean; json: boolean }) => {
      const { buildPlan, localFiles, loadProject, runPull, withDownloadTarget, checkLockUrls, downloadPolicyFor } = await implementation();
      const project = await loadProject(ctx, o.file, { runLock: 'pull' });
      try {
        checkLockUrls(project, downloadPolicyFor(ctx, o.emulator));
        const files = await localFiles(project);
        const plan = buildPlan(project.manifest, project.graph, project.lock, { files });
        ctx.exitCode = await withDownloadTarget(ctx, project, o.emulator, (downloads) => runPull(ctx, project, plan, downloads, { json: o.json, files }));
      } finally {
        await project.runLock?.release();
      }
    });

  program
    .command('prune')
    .description('remove lock entries and local files of assets no longer in the manifest (never remote)')
    .option('-f, --file <path>', 'the manifest', 'masko.yaml')
    .option('--dry-run', 'only list what would be removed', false)
    .option('--json', 'machine output on stdout', false)
    .action(async (o: { file: string; dryRun: boolean; json: boolean }) => {
      const { buildPlan, localFiles, loadProject, runPrune } = await implementation();
      const project = await loadProject(ctx, o.file, { runLock: 'prune' });
      try {
        const files = await localFiles(project);
        const plan = buildPlan(project.manifest, project.graph, project.lock, { files });
        ctx.exitCode = await runPrune(ctx, project, plan, files, o);
      } finally {
        await project.runLock?.release();
      }
    });
};

/** The modules behind pull and prune, loaded when one of them runs. */
async function implementation() {
  const [plan, project, frozen, prune, sync, urls, api] = await Promise.all([
    import('../../plan/index.js'),
    import('../project.js'),
    import('../run-frozen.js'),
    import('../run-prune.js'),
    import('../run-sync.js'),
    import('../check-lock-urls.js'),
    import('../api-config.js'),
  ]);
  return {
    buildPlan: plan.buildPlan,
    loadProject: project.loadProject,
    localFiles: project.localFiles,
    runPull: frozen.runPull,
    runPrune: prune.runPrune,
    withDownloadTarget: sync.withDownloadTarget,
    checkLockUrls: urls.checkLockUrls,
    downloadPolicyFor: api.downloadPolicyFor,
  };
}
