/** `masko-sync validate [-f FILE] [--json]`: checks the manifest offline (no key, no network); exit 0 valid, 4 invalid. */
import { buildGraph } from '../../graph/index.js';
import { renderDiagnostics, toRenderedDiagnostics } from '../../manifest/index.js';
import type { RegisterCommand } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { DEFAULT_MANIFEST_FILE, loadManifestForCli } from '../load-manifest-file.js';

/** Registers `validate`. */
export const register: RegisterCommand = (program, ctx) => {
  program
    .command('validate')
    .description('Check masko.yaml and report every problem with its line (no network, no API key).')
    .option('-f, --file <path>', 'manifest file', DEFAULT_MANIFEST_FILE)
    .option('--json', 'print {valid, diagnostics} as JSON on stdout')
    .action(async (opts: { file: string; json?: boolean }) => {
      const loaded = await loadManifestForCli(ctx, opts.file);
      const valid = loaded.manifest !== undefined;
      ctx.exitCode = valid ? ExitCode.ok : ExitCode.invalid;
      if (opts.json) {
        const diagnostics = toRenderedDiagnostics(loaded.text, loaded.file, loaded.diagnostics);
        ctx.stdout(JSON.stringify({ valid, diagnostics }, null, 2) + '\n');
        return;
      }
      if (loaded.diagnostics.length > 0) {
        ctx.stderr(renderDiagnostics(loaded.text, loaded.file, loaded.diagnostics, { color: ctx.isTTY }) + '\n');
      }
      ctx.stderr(summary(loaded.file, loaded.diagnostics.map((d) => d.severity), loaded.manifest ? describe(loaded.manifest) : undefined) + '\n');
    });
};

function describe(manifest: Parameters<typeof buildGraph>[0]): string {
  const assets = Object.keys(manifest.assets).length;
  const waves = buildGraph(manifest).waves.length;
  return `${assets} asset${assets === 1 ? '' : 's'} in ${waves} wave${waves === 1 ? '' : 's'}`;
}

function summary(file: string, severities: string[], shape: string | undefined): string {
  const errors = severities.filter((s) => s === 'error').length;
  const warnings = severities.length - errors;
  const counts = [errors ? `${errors} error${errors === 1 ? '' : 's'}` : '', warnings ? `${warnings} warning${warnings === 1 ? '' : 's'}` : ''].filter(Boolean).join(', ');
  if (shape !== undefined) return `${file} is valid: ${shape}${counts ? ` (${counts})` : ''}.`;
  return `${file} is invalid: ${counts}.`;
}
