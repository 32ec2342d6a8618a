/** Plan reasons and lookups for uploaded sources, imported assets and re-rolls (pure). */
import type { Asset, AssetRef, ImageSource } from '../model/manifest.js';
import type { LocalFiles } from '../model/plan.js';

/** The reason of a regeneration asked for with `--reroll`. */
export const REROLL_REASON = 're-roll requested (--reroll): same inputs, a new generation under the same item';

/** Why an asset not in the lock is created (a reverse comes free with its transition; an imported one cannot be made). */
export function createReason(asset: Asset): string {
  if (asset.kind === 'reverse') return `not in the lock; made free with ${asset.parent}`;
  if (asset.imported) return 'not in the lock, and imported without its prompts, so it cannot be generated: run `masko-sync import` again, or write its prompts and remove `imported: true`';
  return 'not in the lock';
}

/** The sha256 of a source file as the disk has it (a missing file, or a symlink, has none). */
export function fileSha256Of(files: LocalFiles): (path: string) => string | undefined {
  return (path) => {
    const state = Object.hasOwn(files, path) ? files[path] : undefined;
    return state?.exists && !state.symlink ? state.sha256 : undefined;
  };
}

/** The file and URL sources an asset is made from (`source`, `end`). */
export function imageSourcesOf(asset: Asset): ImageSource[] {
  const refs: AssetRef[] = [];
  if (asset.kind === 'animate' || asset.kind === 'edit') refs.push(asset.source);
  if (asset.kind === 'transition') refs.push(asset.source, asset.end);
  return refs.filter((r): r is ImageSource => r.kind === 'file' || r.kind === 'url');
}

/** "source art/mascot.png has new bytes (uploaded first, free)" for changed fields that are uploaded files. */
export function uploadNote(asset: Asset, changed: readonly string[], locked: Record<string, unknown> = {}): string | undefined {
  const notes: string[] = [];
  const roles: Array<['source' | 'end', AssetRef | undefined]> = [
    ['source', 'source' in asset ? asset.source : undefined],
    ['end', 'end' in asset ? asset.end : undefined],
  ];
  for (const [role, ref] of roles) {
    if (!ref || !changed.includes(role)) continue;
    // What the lock had there decides the sentence: the same kind of source with other content, or another kind.
    const before = locked[role];
    const was = (key: string) => typeof before === 'object' && before !== null && key in before;
    if (ref.kind === 'file') notes.push(was('sha256') ? `${role} file ${ref.path} has new bytes (uploaded first, free)` : `${role} is now the file ${ref.path}`);
    if (ref.kind === 'url') notes.push(was('url') ? `${role} URL changed (uploaded first, free)` : `${role} is now the URL ${ref.url}`);
  }
  return notes.length > 0 ? notes.join('; ') : undefined;
}
