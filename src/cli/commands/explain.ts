/** `masko-sync explain <id> [-f FILE] [--json]`: why an asset gets its action, input by input; offline, no key. */
import { CliError, FILE_OPTION_HELP, type RegisterCommand } from '../context.js';
import { ExitCode } from '../../operations/exit-codes.js';

/** Registers `explain`. */
export const register: RegisterCommand = (program, ctx) => {
  program
    .command('explain <id>')
    .description("Show an asset's fingerprint inputs next to the lock's record, what differs, and the resulting action.")
    .option('-f, --file <path>', FILE_OPTION_HELP)
    .option('--json', 'print the explanation as JSON on stdout')
    .action(async (id: string, opts: { file?: string; json?: boolean }) => {
      const [{ loadProject, localFiles }, plan, { renderExplanation }] = await Promise.all([
        import('../../operations/project.js'),
        import('../../plan/index.js'),
        import('../render-plan.js'),
      ]);
      const project = await loadProject(ctx, opts.file);
      const files = await localFiles(project);
      const built = plan.buildPlan(project.manifest, project.graph, project.lock, { files });
      // As the planner saw it: `moved:` entries applied.
      const lock = plan.applyMoves(project.manifest, project.lock).lock;
      const steps = new Map(built.waves.flat().map((s) => [s.id, s]));
      const step = steps.get(id);
      if (!step) {
        const { namedWithHint } = await import('../../plan/unknown-ids.js');
        throw new CliError(`no asset ${namedWithHint(id, steps.keys())} in ${project.displayName} or masko.lock`, ExitCode.invalid);
      }
      const asset = Object.hasOwn(project.manifest.assets, id) ? project.manifest.assets[id] : undefined;
      const entry = plan.lockEntry(lock, id);
      const collection = plan.fingerprintCollection(project.manifest, built.collection);
      const planned = asset ? { fingerprint: step.fingerprint!, inputs: plan.plannedInputs(asset, { collection, lock, steps, files }) } : undefined;
      const locked = entry ? { fingerprint: entry.fingerprint, inputs: entry.inputs } : undefined;
      const changed = planned && locked ? plan.changedFields(planned.inputs, locked.inputs) : [];
      const explanation = { id, step, ...(planned ? { planned } : {}), ...(locked ? { locked } : {}), changed };
      ctx.stdout(opts.json ? JSON.stringify(explanation, null, 2) + '\n' : renderExplanation(explanation));
    });
};
