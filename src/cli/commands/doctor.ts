/** `masko-sync doctor [--json] [--emulator]`: a free, read-only check of the configured API. */
import { FILE_OPTION_HELP, type RegisterCommand } from '../context.js';

/** Registers `doctor`. */
export const register: RegisterCommand = (program, ctx) => {
  program
    .command('doctor')
    .description('check the configured API for free: the key, the balance, what its answers look like, long polling, the CDN (writes nothing but .masko/)')
    .option('-f, --file <path>', `${FILE_OPTION_HELP}; its masko.lock names the collection to probe`)
    .option('--json', 'print the report as JSON on stdout', false)
    .option('--emulator', 'check an in-process Masko emulator (state in .masko/emulator)', false)
    .action(async (o: { file?: string; json: boolean; emulator: boolean }) => {
      const { runDoctor } = await import('../run-doctor.js');
      ctx.exitCode = await runDoctor(ctx, o);
    });
};
