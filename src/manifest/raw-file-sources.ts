/**
 * The project files a manifest names as image sources, read from its raw YAML data (pure). Used when
 * the manifest has other errors and so no normalised form: `validate` still reports every source file
 * that is missing or not an image in the same pass, instead of only after the other errors are fixed.
 */
import { checkSourcePath, looksLikePath } from './image-source.js';

/** A source file and the manifest field that names it (`['assets', 'wave', 'source']`). */
export interface NamedFile {
  path: string;
  field: string[];
}

type Raw = Record<string, unknown>;
const isRecord = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every well-formed file path in `collection.references` and the assets' `source`/`end` (ill-formed ones have their own diagnostics). */
export function rawFileSources(data: unknown): NamedFile[] {
  if (!isRecord(data)) return [];
  const out: NamedFile[] = [];
  const take = (value: unknown, field: string[], mustLookLikePath: boolean) => {
    if (typeof value !== 'string' || (mustLookLikePath && !looksLikePath(value))) return;
    const check = checkSourcePath(value);
    if (check.ok) out.push({ path: check.path, field });
  };
  const collection = data.collection;
  if (isRecord(collection) && Array.isArray(collection.references)) collection.references.forEach((r, i) => take(r, ['collection', 'references', String(i)], false));
  if (isRecord(data.assets)) {
    for (const [id, asset] of Object.entries(data.assets)) {
      if (!isRecord(asset)) continue;
      take(asset.source, ['assets', id, 'source'], true);
      take(asset.end, ['assets', id, 'end'], true);
    }
  }
  return out;
}
