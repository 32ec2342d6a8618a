/** `masko-sync preview "<prompt>" [-f FILE] [--out FILE]`: one free preview image in the collection's style, saved locally. */
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { CliError, FILE_OPTION_HELP, type CliContext, type RegisterCommand } from '../context.js';
import { ExitCode } from '../../operations/exit-codes.js';

interface PreviewFlags {
  file?: string;
  out?: string;
  json: boolean;
  emulator: boolean;
}

/** Registers `preview`. */
export const register: RegisterCommand = (program, ctx) => {
  program
    .command('preview')
    .argument('<prompt>', 'what the mascot should look like in the preview')
    .description('one free preview image (no credits, no item), saved locally')
    .option('-f, --file <path>', `${FILE_OPTION_HELP}, for the collection`)
    .option('--out <file>', 'where to save it (default: masko-preview-<hash>.png in the current folder)')
    .option('--json', 'print {path, preview_url, expires_at, bytes, sha256} on stdout', false)
    .option('--emulator', 'run against an in-process Masko emulator (state in .masko/emulator)', false)
    .action(async (prompt: string, o: PreviewFlags) => {
      ctx.exitCode = await runPreview(ctx, prompt, o);
    });
};

async function runPreview(ctx: CliContext, prompt: string, o: PreviewFlags): Promise<number> {
  if (!prompt.trim()) throw new CliError('the preview prompt is empty', ExitCode.invalid);
  const [{ loadProject }, { resolveApi }, { previewTools }, { operationContext }] = await Promise.all([
    import('../../operations/project.js'),
    import('../../operations/api-target.js'),
    import('../../watch/preview-client.js'),
    import('../operation-context.js'),
  ]);
  const project = await loadProject(ctx, o.file);
  const spec = project.manifest.collection;
  const collection = spec.kind === 'id' ? spec.id : project.lock?.collection;
  if (!collection) {
    throw new CliError(
      `the collection "${spec.kind === 'define' ? spec.name : ''}" is defined in ${project.displayName} but not created yet, so there is no style to preview in. ` +
        'Run `masko-sync` once (creating the collection is free), or set `collection:` to an existing collection id.',
      ExitCode.failure,
    );
  }
  const out = path.resolve(ctx.cwd, o.out ?? `masko-preview-${createHash('sha256').update(prompt).digest('hex').slice(0, 8)}.png`);
  await mkdir(path.dirname(out), { recursive: true });
  const target = await resolveApi(operationContext(ctx), { emulator: o.emulator, projectDir: project.dir });
  // The download goes through the verified path (allowed hosts, size cap, hash), rooted at the output's folder.
  const tools = previewTools(target, path.dirname(out));
  try {
    const result = await tools.api.preview(collection, prompt, ctx.signal);
    const got = await tools.files.download(result.preview_url, path.basename(out), { signal: ctx.signal });
    const shown = path.relative(ctx.cwd, out) || out;
    if (o.json) ctx.stdout(JSON.stringify({ path: shown, preview_url: result.preview_url, expires_at: result.expires_at, bytes: got.bytes, sha256: got.sha256 }) + '\n');
    else ctx.stdout(shown + '\n');
    ctx.stderr(`Free preview saved to ${shown} (${got.bytes} bytes; 0 credits). Its URL expires at ${result.expires_at}.\n`);
    return ExitCode.ok;
  } finally {
    await tools.close();
    await target.close();
  }
}
