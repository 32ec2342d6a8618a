/**
 * Size and format variants in the TypeScript module: each file with variants carries them nested,
 * `wave.files.image.sizes[480].src`, `wave.files.image.formats.webp.src`,
 * `wave.files.image.sizes[480].formats.webp.src`, typed exactly (a size or format the asset does
 * not have is a type error). The shapes and their printing as prettier prints them live here.
 */
import type { ModuleFilesMode } from '../model/manifest.js';
import { parseVariantKey } from '../manifest/variant-keys.js';
import type { IndexEntry, IndexFile } from './asset-index.js';
import { byCodePoint } from './identifiers.js';
import { PRINT_WIDTH, str, textWidth } from './ts-syntax.js';

/** One plain file with its variants. */
export interface FileNode {
  key: string;
  file: IndexFile;
  /** Size variants, ascending, each with its formats. */
  sizes: Array<{ size: number; file: IndexFile; formats: Array<{ format: string; file: IndexFile }> }>;
  formats: Array<{ format: string; file: IndexFile }>;
  /** Whether it is printed with `sizes` and `formats` (it has a variant). */
  varied: boolean;
}

/**
 * The plain files of an entry with their variants, keys in code-point order. `cdn` mode lists only
 * files with a CDN URL (derived ones exist only on disk).
 */
export function fileNodes(entry: IndexEntry, keys: string[], mode: ModuleFilesMode): FileNode[] {
  const usable = (f: IndexFile | undefined): f is IndexFile => f !== undefined && (mode !== 'cdn' || f.url !== undefined);
  const nodes = new Map<string, FileNode>();
  for (const key of keys) {
    const file = entry.files[key];
    if (!parseVariantKey(key) && usable(file)) nodes.set(key, { key, file, sizes: [], formats: [], varied: false });
  }
  const sized = new Map<string, FileNode['sizes'][number]>();
  for (const key of keys) {
    const v = parseVariantKey(key);
    const node = v ? nodes.get(v.base) : undefined;
    const file = entry.files[key];
    if (!v || !node || !usable(file)) continue;
    node.varied = true;
    if (v.size !== undefined && v.format === undefined) {
      const s = { size: v.size, file, formats: [] };
      node.sizes.push(s);
      sized.set(`${v.base}@${v.size}`, s);
    } else if (v.size === undefined && v.format !== undefined) node.formats.push({ format: v.format, file });
  }
  // A size's formats, once its sizes are known (a format of a size that is not listed is left out).
  for (const key of keys) {
    const v = parseVariantKey(key);
    const file = entry.files[key];
    const s = v?.size !== undefined && v.format !== undefined ? sized.get(`${v.base}@${v.size}`) : undefined;
    if (s && usable(file)) s.formats.push({ format: v!.format!, file });
  }
  for (const node of nodes.values()) {
    node.sizes.sort((a, b) => a.size - b.size);
    node.formats.sort((a, b) => byCodePoint(a.format, b.format));
    for (const s of node.sizes) s.formats.sort((a, b) => byCodePoint(a.format, b.format));
  }
  return [...nodes.values()];
}

/** The shared types of files with variants (emitted only when some file has one). */
export function variantTypeLines(): string[] {
  return [
    '',
    "/** A file's web-format copies, by format (`formats` in masko.yaml). */",
    'export type MaskoFormats<Format extends string> = {',
    '  readonly [F in Format]: MaskoFile;',
    '};',
    '',
    '/** A size variant of a file: the file at that width, and its web-format copies. */',
    'export interface MaskoSized<Format extends string = never> extends MaskoFile {',
    '  readonly formats: MaskoFormats<Format>;',
    '}',
    '',
    '/** A file with size variants by width (`sizes` in masko.yaml) and web-format copies. */',
    'export interface MaskoVariants<',
    '  Size extends number = never,',
    '  Format extends string = never,',
    '  SizeFormat extends string = Format,',
    '> extends MaskoFile {',
    '  /** The file at these widths, e.g. `sizes[480]`. */',
    '  readonly sizes: { readonly [S in Size]: MaskoSized<SizeFormat> };',
    '  /** The file in these web formats, e.g. `formats.webp`. */',
    '  readonly formats: MaskoFormats<Format>;',
    '}',
  ];
}

/** `    image: MaskoVariants<360 | 480, "webp">;` (or `MaskoFile`), wrapped as prettier wraps type arguments. */
export function fileTypeLines(node: FileNode, propKey: string, indent: string): string[] {
  if (!node.varied) return [`${indent}${propKey}: MaskoFile;`];
  const union = (items: string[]): string => (items.length === 0 ? 'never' : items.join(' | '));
  const formats = node.formats.map((f) => str(f.format));
  const sizeFormats = [...typedSizeFormats(node)].map(str);
  const args = [union(node.sizes.map((s) => String(s.size)))];
  const same = sizeFormats.length === formats.length && sizeFormats.every((f) => formats.includes(f));
  if (formats.length > 0 || !same) args.push(union(formats));
  if (!same) args.push(union(sizeFormats));
  const one = `${indent}${propKey}: MaskoVariants<${args.join(', ')}>;`;
  if (textWidth(one) <= PRINT_WIDTH) return [one];
  return [`${indent}${propKey}: MaskoVariants<`, ...args.map((a, i) => `${indent}  ${a}${i < args.length - 1 ? ',' : ''}`), `${indent}>;`];
}

/** The formats every size of a node has: its sizes are typed with these (and list only these). */
export function typedSizeFormats(node: FileNode): Set<string> {
  if (node.sizes.length === 0) return new Set(node.formats.map((f) => f.format));
  return new Set(node.sizes.map((s) => s.formats.map((f) => f.format)).reduce((a, b) => a.filter((x) => b.includes(x))));
}
