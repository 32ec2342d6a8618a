/** The CLI entry: parses argv and dispatches. The only module tree that prints or exits. */
import { Command } from 'commander';

/** Runs the CLI with the given arguments and resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = new Command();
  program
    .name('masko-sync')
    .description('Make your mascot assets match masko.yaml: validate, plan, sync.')
    .exitOverride();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    const code = (err as { exitCode?: number }).exitCode;
    return typeof code === 'number' ? code : 1;
  }
}
