/** `masko-sync plan [-f FILE] [--json] [--detailed-exitcode]`: what a sync would do and cost; offline, no key. */
import { FILE_OPTION_HELP, type RegisterCommand } from '../context.js';
import { ExitCode } from '../../operations/exit-codes.js';
import { useColor } from '../output.js';

/** Registers `plan`. */
export const register: RegisterCommand = (program, ctx) => {
  program
    .command('plan')
    .description('Show what a sync would do, why, and what it would cost (no network, no API key).')
    .option('-f, --file <path>', FILE_OPTION_HELP)
    .option('--json', 'print the plan as JSON on stdout')
    .option('--detailed-exitcode', 'exit 2 when a sync would spend credits or write anything (orphans alone do not count)')
    .option('--only <ids>', 'only these asset ids (comma-separated), with their dependencies', (v: string, prev: string[] = []) => [...prev, ...v.split(',').map((s) => s.trim()).filter(Boolean)])
    .option('--reroll <ids>', 'show the plan with these asset ids made again with the same inputs (as `sync --reroll`)', (v: string, prev: string[] = []) => [...prev, ...v.split(',').map((s) => s.trim()).filter(Boolean)])
    .action(async (opts: { file?: string; json?: boolean; detailedExitcode?: boolean; only?: string[]; reroll?: string[] }) => {
      // Loaded here, not at start-up: `--help` and other commands need none of it.
      const [{ planSync, hasChanges }, { renderPlan }] = await Promise.all([import('../../operations/plan.js'), import('../render-plan.js')]);
      const { plan } = await planSync(ctx, { ...(opts.file !== undefined ? { file: opts.file } : {}), ...(opts.only ? { only: opts.only } : {}), ...(opts.reroll ? { reroll: opts.reroll } : {}) });
      ctx.stdout(opts.json ? JSON.stringify(plan, null, 2) + '\n' : renderPlan(plan, { color: useColor(ctx, 'stdout') }));
      ctx.exitCode = opts.detailedExitcode && hasChanges(plan) ? ExitCode.changesPending : ExitCode.ok;
    });
};
