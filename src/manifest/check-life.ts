/**
 * Semantic checks of what the collection's life adds to a manifest: file and URL sources, the
 * collection's reference images, and `moved:` entries. Runs on the raw value, defensively (pure).
 */
import type { Diagnostic } from '../model/diagnostic.js';
import type { Span } from '../model/manifest.js';
import { isRecord, reverseIdOf } from './asset-shape.js';
import { diag } from './check-semantics.js';
import { checkSourcePath, looksLikePath } from './image-source.js';
import type { Locator } from './locate.js';

/** Every problem of sources, references and moves (disk checks come later, in the CLI's project loader). */
export function checkLife(data: Record<string, unknown>, locator: Locator): Diagnostic[] {
  return [...checkSources(data, locator), ...checkReferences(data, locator), ...checkMoved(data, locator)];
}

function checkSources(data: Record<string, unknown>, locator: Locator): Diagnostic[] {
  const out: Diagnostic[] = [];
  const assets = isRecord(data.assets) ? data.assets : {};
  for (const [id, asset] of Object.entries(assets)) {
    if (!isRecord(asset) || (asset.type !== 'animation' && asset.type !== 'edit')) continue;
    for (const role of ['source', 'end'] as const) {
      const ref = asset[role];
      const path = ['assets', id, role];
      const isFile = typeof ref === 'string' && looksLikePath(ref);
      const isUrl = isRecord(ref) && typeof ref.url === 'string';
      if (isFile) {
        const check = checkSourcePath(ref);
        if (!check.ok) out.push(diag('SOURCE_FILE_INVALID', `asset "${id}" ${role}: ${check.message}`, locator.value(path), check.hint));
      }
      if ((isFile || isUrl) && asset.type === 'edit') {
        out.push(
          diag(
            'EDIT_SOURCE_NOT_IMAGE',
            `asset "${id}" edits an uploaded image; an edit adds files to its source's item in Masko, and an upload has no item`,
            locator.value(path),
            'Make an image asset from it first (animate it, or edit an image of this manifest).',
          ),
        );
      }
    }
  }
  return out;
}

function checkReferences(data: Record<string, unknown>, locator: Locator): Diagnostic[] {
  const collection = data.collection;
  if (!isRecord(collection) || !Array.isArray(collection.references)) return [];
  const out: Diagnostic[] = [];
  const seen = new Map<string, number>();
  collection.references.forEach((ref: unknown, i) => {
    const path = ['collection', 'references', String(i)];
    let key: string | undefined;
    if (typeof ref === 'string' && ref !== '') {
      if (!looksLikePath(ref)) {
        out.push(diag('SOURCE_FILE_INVALID', `collection.references[${i}] "${ref}" is not a file path`, locator.value(path), 'A reference is an image file (./art/mascot.png) or {url: https://…}.'));
        return;
      }
      const check = checkSourcePath(ref);
      if (!check.ok) return void out.push(diag('SOURCE_FILE_INVALID', `collection.references[${i}]: ${check.message}`, locator.value(path), check.hint));
      key = check.path;
    } else if (isRecord(ref) && typeof ref.url === 'string') {
      key = ref.url;
    }
    if (key === undefined) return;
    const first = seen.get(key);
    if (first !== undefined) out.push(diag('SOURCE_FILE_INVALID', `collection.references[${i}] repeats references[${first}] (${key})`, locator.value(path), 'List each reference image once.'));
    else seen.set(key, i);
  });
  return out;
}

function checkMoved(data: Record<string, unknown>, locator: Locator): Diagnostic[] {
  if (!isRecord(data.moved)) return [];
  const assets = isRecord(data.assets) ? data.assets : {};
  const ids = new Set(Object.keys(assets));
  for (const asset of Object.values(assets)) if (isRecord(asset) && asset.type === 'animation') {
    const rid = reverseIdOf(asset);
    if (rid !== undefined) ids.add(rid);
  }
  const out: Diagnostic[] = [];
  const targets = new Map<string, string>();
  const moved = data.moved;
  for (const [from, to] of Object.entries(moved)) {
    if (typeof to !== 'string') continue;
    const keySpan = locator.key(['moved', from]);
    const valueSpan = locator.value(['moved', from]);
    if (from === to) {
      out.push(diag('MOVED_INVALID', `moved: "${from}" is moved to itself`, keySpan, 'Remove this line.'));
    } else if (ids.has(from)) {
      out.push(diag('MOVED_INVALID', `moved: "${from}" is still an asset of this manifest, so it cannot have moved`, keySpan, `Remove the asset "${from}", or this line.`));
    } else if (Object.hasOwn(moved, to)) {
      // Checked before "not an asset": a rename of a rename (a → b, then b → c) is the usual way here.
      out.push(chainDiagnostic(moved, from, ids, valueSpan));
    } else if (!ids.has(to)) {
      out.push(diag('MOVED_INVALID', `moved: "${from}" moves to "${to}", which is not an asset of this manifest`, valueSpan, 'The new id must be the asset it became.'));
    } else if (targets.has(to)) {
      out.push(diag('MOVED_INVALID', `moved: "${from}" and "${targets.get(to)!}" both move to "${to}"`, valueSpan, 'Only one lock entry can become an asset.'));
    } else {
      targets.set(to, from);
    }
  }
  return out;
}

/** `a: b` where `b` is moved too: names the chain (or the cycle) and the line to write instead. */
function chainDiagnostic(moved: Record<string, unknown>, from: string, ids: Set<string>, span: Span): Diagnostic {
  const chain = [from];
  let next: unknown = moved[from];
  while (typeof next === 'string' && !chain.includes(next)) {
    chain.push(next);
    next = Object.hasOwn(moved, next) ? moved[next] : undefined;
  }
  const path = chain.map((id) => `"${id}"`).join(' → ');
  if (typeof next === 'string') {
    return diag('MOVED_INVALID', `moved: ${path} → "${next}" is a cycle; an id cannot move back to an id it moved from`, span, "Keep only the renames that happened, each old id pointing at an asset of this manifest.");
  }
  const last = chain[chain.length - 1]!;
  const fix = ids.has(last) ? `Write "${from}: ${last}" instead (chains are not followed).` : `Write "${from}: <final id>" instead (chains are not followed).`;
  return diag('MOVED_INVALID', `moved: ${path}: "${chain[1]!}" is itself moved`, span, fix);
}
