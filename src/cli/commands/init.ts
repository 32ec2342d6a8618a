/** `masko-sync init [-f FILE]`: writes a commented starter masko.yaml (never overwrites one) and keeps .masko/ out of git. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CliError, DEFAULT_MANIFEST_FILE, type RegisterCommand } from '../context.js';
import { ExitCode } from '../../operations/exit-codes.js';
import { packageVersion } from '../global-options.js';
import { ensureGitignored, packageReference, schemaReference } from '../init-files.js';

/**
 * The starter manifest: valid as written (a test loads it), cheap (3 credits), every other kind shown
 * commented out. `pkg` is where the package is from the manifest's folder (init-files.ts).
 */
export function starterManifest(pkg: string): string {
  return `# yaml-language-server: $schema=${schemaReference(pkg)}
# masko-sync manifest: the mascot assets this project wants.
# \`masko-sync plan\` shows what a sync would do and cost; \`masko-sync\` makes it so.
# Reference: ${pkg}/docs/manifest.md (fields, shapes, error codes).
${STARTER_BODY}`;
}

const STARTER_BODY = `version: 1

# The character. Either the id of an existing Masko collection:
#   collection: col_XXXXXXXX
# or a definition, created on the first sync (its id is then kept in masko.lock):
collection:
  name: Pixel the fox
  description: a small orange fox with big round eyes, friendly cartoon style, thick outlines

output:
  dir: masko-assets                  # where files and masko-assets.json are written
  # typescript: src/mascot-assets.ts # also write a typed module of the asset index
  # gallery: true                    # also write an HTML preview page

# budget: 50                         # refuse any sync estimated above 50 credits
defaults: { duration: 4, loop: false } # for animations

# Ids: lowercase letters, digits, "-" and "_". Names default from the id ("wave-hello" → "Wave hello").
assets:
  idle:
    type: image                      # 1 credit
    image_prompt: standing relaxed with a gentle smile
  wave:
    type: image
    name: Waving hello
    image_prompt: waving hello with a friendly smile
  wave-santa:
    type: edit                       # 1 credit: a new version of an image
    source: wave
    edit_instructions: add a santa hat and falling snow

  # Animate an existing image (5 credits per second):
  # wave-animated:
  #   type: animation
  #   source: wave
  #   animation_prompt: waving hello smoothly
  #
  # A transition between two images; \`reverse\` adds the free return clip under its own id:
  # idle-to-wave:
  #   type: animation
  #   source: idle
  #   end: wave
  #   animation_prompt: transitioning from idle to waving
  #   reverse: wave-to-idle
  #
  # An animation straight from a prompt (1 credit + 5 per second):
  # dance:
  #   type: animation
  #   image_prompt: dance pose, arms raised
  #   animation_prompt: dancing with bouncy moves
  #   loop: true
  #
  # A logo pack (20 credits, pro plan):
  # app-logo:
  #   type: logo
  #   logo_description: iconic representation of the character face
  #   logo_style_name: Flat
  #   logo_style_instruction: flat design with solid colors, no gradients or shadows
`;

/** The starter manifest of a project with masko-sync installed in its node_modules. */
export const STARTER_MANIFEST = starterManifest('./node_modules/masko-sync');

/** Registers `init`. */
export const register: RegisterCommand = (program, ctx) => {
  program
    .command('init')
    .description('Write a commented starter masko.yaml (never overwrites an existing file).')
    .option('-f, --file <path>', 'manifest file to create', DEFAULT_MANIFEST_FILE)
    .action(async (opts: { file: string }) => {
      const target = path.resolve(ctx.cwd, opts.file);
      const shown = path.relative(ctx.cwd, target) || opts.file;
      await mkdir(path.dirname(target), { recursive: true });
      const pkg = await packageReference(path.dirname(target), packageVersion());
      try {
        // 'wx' fails if the file exists, atomically: no check-then-write race.
        await writeFile(target, starterManifest(pkg), { flag: 'wx' });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
          throw new CliError(`${shown} already exists; init never overwrites it. Edit it, or pass -f <other file>.`, ExitCode.invalid, { cause: err });
        }
        throw new CliError(`cannot write ${shown}: ${(err as Error).message}`, ExitCode.failure, { cause: err });
      }
      const ignored = await ensureGitignored(path.dirname(target));
      const gitignore = path.relative(ctx.cwd, path.join(path.dirname(target), '.gitignore')) || '.gitignore';
      const run = howToRun(pkg, ctx.env);
      // validate and plan look for masko.yaml from the working folder up, never for another name or below.
      const file = target === path.join(ctx.cwd, DEFAULT_MANIFEST_FILE) ? '' : ` -f ${shellWord(shown)}`;
      ctx.stderr(`Wrote ${shown}${ignored ? ` and added .masko/ (local state) to ${gitignore}` : ''}. Next: \`${run} validate${file}\`, then \`${run} plan${file}\` to see the cost.\n`);
      ctx.exitCode = ExitCode.ok;
    });
};

/**
 * How the user runs the CLI from here: `npx masko-sync` for a project that has it in its
 * node_modules (its bin is not on PATH) or when this run came through npx; `masko-sync` for a global
 * install.
 */
export function howToRun(pkg: string, env: Record<string, string | undefined>): string {
  return pkg.startsWith('.') || env['npm_command'] === 'exec' ? 'npx masko-sync' : 'masko-sync';
}

/** A path as one shell word: as is when it is plain, else single-quoted. */
function shellWord(p: string): string {
  return /^[\w./@+-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`;
}
