/** Prints an invalid manifest's diagnostics: with carets on stderr, and as GitHub annotations on stdout when wanted. */
import type { InvalidManifestError } from '../operations/errors.js';
import type { CliContext } from './context.js';
import { annotationsWanted, githubAnnotations, repositoryPath } from './github-annotations.js';
import { useColor } from './output.js';

/** Renders what an InvalidManifestError carries (the CLI prints its message after). */
export async function renderInvalidManifest(ctx: CliContext, err: InvalidManifestError): Promise<void> {
  const { text, displayName, manifestPath, diagnostics } = err.details;
  if (text === undefined || diagnostics.length === 0) return;
  const { renderDiagnostics, toRenderedDiagnostics } = await import('../manifest/index.js');
  ctx.stderr(renderDiagnostics(text, displayName, diagnostics, { color: useColor(ctx, 'stderr') }) + '\n');
  if (annotationsWanted(ctx) && !ctx.json) ctx.stdout(githubAnnotations(toRenderedDiagnostics(text, displayName, diagnostics), repositoryPath(ctx, manifestPath)));
}
