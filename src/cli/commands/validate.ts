/** `masko-sync validate [-f FILE] [--json]`: checks the manifest offline (no key, no network); exit 0 valid, 4 invalid. */
import path from 'node:path';
import type { Manifest } from '../../model/manifest.js';
import { FILE_OPTION_HELP, type RegisterCommand } from '../context.js';
import { ExitCode } from '../../operations/exit-codes.js';
import { useColor } from '../output.js';
import { annotationsWanted, githubAnnotations, repositoryPath } from '../github-annotations.js';
import { diagnosticCounts } from '../../operations/words.js';

/** Registers `validate`. */
export const register: RegisterCommand = (program, ctx) => {
  program
    .command('validate')
    .description('Check masko.yaml and report every problem with its line (no network, no API key).')
    .option('-f, --file <path>', FILE_OPTION_HELP)
    .option('--json', 'print {valid, diagnostics} as JSON on stdout')
    .option('--format <format>', 'also print GitHub annotations (github) or not (human); default: github when GITHUB_ACTIONS=true')
    .action(async (opts: { file?: string; json?: boolean; format?: string }) => {
      // Loaded on demand: the CLI starts fast for every other command.
      const { loadManifestFrom } = await import('../../operations/load-manifest-file.js');
      const { renderDiagnostics, toRenderedDiagnostics } = await import('../../manifest/index.js');
      const { buildGraph } = await import('../../graph/index.js');
      const annotate = annotationsWanted(ctx, opts.format);
      const loaded = await loadManifestFrom(ctx.cwd, opts.file);
      if (loaded.manifest) {
        // Output folders that are files (or symlinks out of the project) would fail only after paying.
        const { outputFolderDiagnostics } = await import('../../operations/check-output-folders.js');
        const { sourceFileDiagnostics } = await import('../../operations/check-source-files.js');
        const dir = path.dirname(loaded.path);
        // Source and reference files: missing, not an image, or over 10 MB would only fail at upload.
        const onDisk = [...(await outputFolderDiagnostics(dir, loaded.manifest, async () => loaded.text)), ...(await sourceFileDiagnostics(dir, loaded.manifest, async () => loaded.text))];
        if (onDisk.length > 0) {
          loaded.diagnostics.push(...onDisk);
          delete loaded.manifest;
        }
      } else if (!loaded.diagnostics.some((d) => d.code === 'YAML_SYNTAX')) {
        // Other errors too: the source files are checked all the same, so that one pass reports everything.
        const [{ parseYaml }, { rawFileSources }, { namedFileDiagnostics }] = await Promise.all([import('../../manifest/parse-yaml.js'), import('../../manifest/raw-file-sources.js'), import('../../operations/check-source-files.js')]);
        const files = rawFileSources(parseYaml(loaded.text).data);
        const onDisk = files.length > 0 ? await namedFileDiagnostics(path.dirname(loaded.path), files, async () => loaded.text) : [];
        // In the order of the file, as the loader's own are.
        if (onDisk.length > 0) loaded.diagnostics = [...loaded.diagnostics, ...onDisk].sort((a, b) => a.start - b.start || a.end - b.end);
      }
      const valid = loaded.manifest !== undefined;
      ctx.exitCode = valid ? ExitCode.ok : ExitCode.invalid;
      if (opts.json) {
        const diagnostics = toRenderedDiagnostics(loaded.text, loaded.file, loaded.diagnostics);
        ctx.stdout(JSON.stringify({ valid, diagnostics }, null, 2) + '\n');
        return;
      }
      if (annotate) ctx.stdout(githubAnnotations(toRenderedDiagnostics(loaded.text, loaded.file, loaded.diagnostics), repositoryPath(ctx, loaded.path)));
      if (loaded.diagnostics.length > 0) {
        ctx.stderr(renderDiagnostics(loaded.text, loaded.file, loaded.diagnostics, { color: useColor(ctx, 'stderr') }) + '\n');
      }
      const shape = loaded.manifest ? describe(loaded.manifest, buildGraph(loaded.manifest).waves.length) : undefined;
      ctx.stderr(summary(loaded.file, loaded.diagnostics.map((d) => d.severity), shape) + '\n');
    });
};

function describe(manifest: Manifest, waves: number): string {
  const assets = Object.keys(manifest.assets).length;
  return `${assets} asset${assets === 1 ? '' : 's'} in ${waves} wave${waves === 1 ? '' : 's'}`;
}

function summary(file: string, severities: string[], shape: string | undefined): string {
  const counts = diagnosticCounts(severities);
  if (shape !== undefined) return `${file} is valid: ${shape}${counts ? ` (${counts})` : ''}.`;
  return `${file} is invalid: ${counts}.`;
}
