/**
 * Appends asset entries to masko.yaml's `assets`, each with a comment above it (pure: text in, text
 * out). yaml's Document API finds where the block of assets ends and renders the new entries; they
 * are spliced in there, so every byte of the rest of the file (comments, quoting, folded text,
 * spacing) stays as it was. A flow-style or empty `assets` is rewritten through the Document instead.
 */
import { Document, isMap, parseDocument, type Pair, type Scalar, type YAMLMap } from 'yaml';

/** One entry to append: its id, its fields (in the order to write), and the comment above it. */
export interface AppendedAsset {
  id: string;
  fields: Record<string, unknown>;
  comment: string;
}

/** The manifest text with `entries` appended to `assets`. Throws when the text is not a manifest mapping. */
export function appendAssets(text: string, entries: AppendedAsset[]): string {
  if (entries.length === 0) return text;
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new Error(`masko.yaml cannot be edited: ${doc.errors[0]!.message}`);
  if (!isMap(doc.contents)) throw new Error('masko.yaml cannot be edited: it is not a mapping');
  const assets = doc.get('assets', true) as YAMLMap | Scalar | undefined;
  if (isMap(assets) && !assets.flow && assets.items.length > 0 && assets.range) {
    const first = assets.items[0]!.key as Scalar;
    const start = first.range?.[0] ?? assets.range[0];
    const column = start - (text.lastIndexOf('\n', start - 1) + 1);
    const at = assets.range[1];
    const block = indent(renderEntries(entries), column);
    const before = text.slice(0, at);
    return before + (before.endsWith('\n') ? '' : '\n') + block + text.slice(at);
  }
  return rewrite(doc, entries);
}

/** The entries as a block mapping at column 0, a blank line and the comment before each. */
function renderEntries(entries: AppendedAsset[]): string {
  const doc = new Document({});
  const map = doc.contents as YAMLMap;
  for (const entry of entries) map.items.push(entryPair(doc, entry));
  // The first entry's spaceBefore makes the blank line that separates it from the entries above.
  return doc.toString({ lineWidth: 0 });
}

function entryPair(doc: Document, entry: AppendedAsset): Pair {
  const pair = doc.createPair(entry.id, entry.fields) as Pair<Scalar, YAMLMap>;
  pair.key.commentBefore = entry.comment
    .split('\n')
    .map((l) => ` ${l}`)
    .join('\n');
  pair.key.spaceBefore = true;
  return pair;
}

function indent(block: string, column: number): string {
  const pad = ' '.repeat(column);
  return block
    .split('\n')
    .map((l) => (l === '' ? l : pad + l))
    .join('\n');
}

/** `assets: {}` or `assets:` with nothing: the map becomes a block through the Document (the rest is re-printed). */
function rewrite(doc: Document.Parsed, entries: AppendedAsset[]): string {
  let assets = doc.get('assets', true) as YAMLMap | undefined;
  if (!isMap(assets)) {
    assets = doc.createNode({}) as YAMLMap;
    doc.set('assets', assets);
  }
  assets.flow = false;
  const empty = assets.items.length === 0;
  for (const entry of entries) assets.items.push(entryPair(doc, entry));
  if (empty) (assets.items[0]!.key as Scalar).spaceBefore = false;
  return doc.toString({ lineWidth: 0 });
}
