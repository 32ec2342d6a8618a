/**
 * The TypeScript module of the assets (docs/outputs.md): one named export per asset, so a bundler
 * drops the unused ones; the id union and a lookup map; explicit types on every export
 * (`--isolatedDeclarations`); printed as prettier prints it. Files are addressed in one of four
 * ways: relative to the module (`new URL`), as bundler imports, as CDN URLs, or under a public path.
 */
import type { ModuleFilesMode } from '../model/manifest.js';
import type { AssetIndex, IndexEntry, IndexFile } from './asset-index.js';
import { byCodePoint, exportNames, fileBinding } from './identifiers.js';
import { fileNodes, fileTypeLines, typedSizeFormats, variantTypeLines } from './module-variants.js';
import { commentText, PRINT_WIDTH, propKey, str, textWidth } from './ts-syntax.js';

/** How a module names its files. */
export interface ModuleSource {
  mode: ModuleFilesMode;
  /** The import specifier of a project file (url and import modes), e.g. "./mascot/wave.png". */
  specifier(path: string): string;
  /** First comment line (what generated the module). */
  generatedBy: string;
  /** Plain JavaScript (no types), for a virtual module that no TypeScript transform sees; its types come from renderDeclarations. */
  javascript?: boolean;
}

/** The module's text. */
export function renderModule(index: AssetIndex, source: ModuleSource): string {
  const ids = Object.keys(index.assets).sort(byCodePoint);
  const names = exportNames(ids);
  const bindings = source.mode === 'import' ? importBindings(index, ids, names) : new Map<string, string>();
  const out: string[] = [`// ${commentText(source.generatedBy)}`, `// ${modeComment(source.mode)}`];
  if (bindings.size > 0) {
    out.push('');
    for (const [path, binding] of bindings) out.push(`import ${binding} from ${str(source.specifier(path))};`);
  }
  const js = source.javascript === true;
  if (!js) out.push('', ...typeDeclarations(index, ids, '', source.mode));
  for (const id of ids) out.push('', ...assetConst(id, names.get(id)!, index.assets[id]!, source, bindings));
  out.push('', '/** Every asset by id, for code that picks one at run time (using it bundles every asset). */');
  if (ids.length === 0) {
    out.push(`export const maskoAssets${js ? '' : ': MaskoAssets'} = {};`);
  } else {
    out.push(`export const maskoAssets${js ? '' : ': MaskoAssets'} = {`);
    for (const id of ids) out.push(mapEntry(id, names.get(id)!));
    out.push('};');
  }
  return out.join('\n') + '\n';
}

/** An ambient declaration of the same exports for a module id (the Vite plugin's virtual module). */
export function renderDeclarations(index: AssetIndex, moduleId: string, generatedBy: string, mode: ModuleFilesMode = 'import'): string {
  const ids = Object.keys(index.assets).sort(byCodePoint);
  const names = exportNames(ids);
  const out = [`// ${commentText(generatedBy)}`, `declare module ${str(moduleId)} {`, ...typeDeclarations(index, ids, '  ', mode)];
  for (const id of ids) {
    const entry = index.assets[id]!;
    out.push('', `  /** ${assetComment(entry)} */`, `  export const ${names.get(id)!}: MaskoAsset<${str(id)}>;`);
  }
  out.push('', '  /** Every asset by id, for code that picks one at run time (using it bundles every asset). */');
  out.push('  export const maskoAssets: MaskoAssets;', '}');
  return out.join('\n') + '\n';
}

/** The export name of every asset id (see identifiers.ts for the rule). */
export { exportNames };

function modeComment(mode: ModuleFilesMode): string {
  switch (mode) {
    case 'url':
      return 'Files are addressed relative to this module: new URL("./…", import.meta.url).';
    case 'import':
      return 'Files are imported, so the bundler copies and fingerprints them.';
    case 'cdn':
      return 'Files are addressed by the CDN URLs recorded in masko.lock.';
    case 'public':
      return 'Files are addressed under output.public_path, as the app serves them.';
    default: {
      const never: never = mode;
      throw new Error(`unknown files mode ${String(never)}`);
    }
  }
}

/** The types every module shares, then the per-asset file keys; `indent` is "" or "  " (inside `declare module`). */
function typeDeclarations(index: AssetIndex, ids: string[], indent: string, mode: ModuleFilesMode): string[] {
  const nodes = new Map(ids.map((id) => [id, fileNodes(index.assets[id]!, moduleFileKeys(index.assets[id]!), mode)]));
  const varied = [...nodes.values()].some((list) => list.some((n) => n.varied));
  const lines = [
    '/** Where an asset stands: completed (files on disk), pending (job running), failed, or missing (not generated yet). */',
    'export type MaskoAssetStatus = "completed" | "pending" | "failed" | "missing";',
    '',
    '/** One file of an asset. */',
    'export interface MaskoFile {',
    '  /** Where to load the file from. */',
    '  readonly src: string;',
    '  /** MIME type, e.g. "image/png" or "video/webm". */',
    '  readonly mime: string;',
    '  /** Pixel size of images and videos, read from the file. */',
    '  readonly width?: number;',
    '  readonly height?: number;',
    '  /** Length of videos in seconds, read from the file. */',
    '  readonly duration?: number;',
    '}',
    ...(varied ? variantTypeLines() : []),
    '',
    '/** The files of each asset by the API\'s asset key (image, transparent_image, video, webm, hevc, …); none until completed. */',
  ];
  if (ids.length === 0) {
    lines.push('export type MaskoAssetFiles = Record<never, never>;');
  } else {
    lines.push('export interface MaskoAssetFiles {');
    for (const id of ids) {
      const list = nodes.get(id)!;
      if (list.length === 0) {
        lines.push(`  ${propKey(id)}: Record<never, never>;`);
        continue;
      }
      lines.push(`  ${propKey(id)}: {`, ...list.flatMap((n) => fileTypeLines(n, propKey(n.key), '    ')), '  };');
    }
    lines.push('}');
  }
  lines.push(
    '',
    '/** Every asset id of masko.yaml, whatever its status. */',
    'export type MaskoAssetId = keyof MaskoAssetFiles;',
    '',
    '/** One asset of masko.yaml. */',
    'export interface MaskoAsset<Id extends MaskoAssetId = MaskoAssetId> {',
    '  readonly id: Id;',
    '  /** The type written in masko.yaml. */',
    '  readonly type: "image" | "animation" | "edit" | "logo";',
    '  /** What it is generated as. */',
    '  readonly kind:',
    '    | "image"',
    '    | "animation"',
    '    | "animate"',
    '    | "transition"',
    '    | "edit"',
    '    | "logo"',
    '    | "reverse";',
    '  readonly name: string;',
    '  readonly status: MaskoAssetStatus;',
    '  readonly files: Readonly<MaskoAssetFiles[Id]>;',
    '}',
    '',
    '/** The lookup map\'s type: every id to its asset. */',
    'export type MaskoAssets = { readonly [Id in MaskoAssetId]: MaskoAsset<Id> };',
  );
  return lines.map((l) => (l === '' ? l : indent + l));
}

/** File keys the module lists for an asset: only a completed asset's files are on disk to load. */
function moduleFileKeys(entry: IndexEntry): string[] {
  return entry.status === 'completed' ? Object.keys(entry.files).sort(byCodePoint) : [];
}

function assetComment(entry: IndexEntry): string {
  return `${commentText(entry.name)} (${entry.type}, ${entry.status}).`;
}

function importBindings(index: AssetIndex, ids: string[], names: Map<string, string>): Map<string, string> {
  const taken = new Set(names.values());
  const bindings = new Map<string, string>();
  for (const id of ids) {
    const entry = index.assets[id]!;
    for (const key of moduleFileKeys(entry)) {
      const path = entry.files[key]!.path;
      if (!bindings.has(path)) bindings.set(path, fileBinding(names.get(id)!, key, taken));
    }
  }
  return bindings;
}

/** `export const wave: MaskoAsset<"wave"> = {…};`, moved under `=` when the first line is too wide (as prettier does). */
function assetConst(id: string, name: string, entry: IndexEntry, source: ModuleSource, bindings: Map<string, string>): string[] {
  const head = source.javascript ? `export const ${name} =` : `export const ${name}: MaskoAsset<${str(id)}> =`;
  const fits = textWidth(head + ' {') <= PRINT_WIDTH;
  const indent = fits ? '' : '  ';
  const body = [
    `  id: ${str(id)},`,
    `  type: ${str(entry.type)},`,
    `  kind: ${str(entry.kind)},`,
    `  name: ${str(entry.name)},`,
    `  status: ${str(entry.status)},`,
    ...filesLines(entry, source, bindings, indent),
  ];
  const open = fits ? [`${head} {`] : [head, '  {'];
  return [`/** ${assetComment(entry)} */`, ...open, ...body.map((l) => indent + l), `${indent}};`];
}

function filesLines(entry: IndexEntry, source: ModuleSource, bindings: Map<string, string>, outer: string): string[] {
  const nodes = fileNodes(entry, moduleFileKeys(entry), source.mode);
  if (nodes.length === 0) return ['  files: {},'];
  const lines = ['  files: {'];
  for (const node of nodes) {
    const at = '      ';
    const member = (file: IndexFile, inner: string) => [...srcLines(file, source, bindings, outer, inner), ...metaLines(file, inner)];
    lines.push(`    ${propKey(node.key)}: {`, ...member(node.file, at));
    if (node.varied) {
      const formatsBlock = (list: Array<{ format: string; file: IndexFile }>, inner: string): string[] =>
        list.length === 0 ? [`${inner}formats: {},`] : [`${inner}formats: {`, ...list.flatMap((f) => [`${inner}  ${propKey(f.format)}: {`, ...member(f.file, `${inner}    `), `${inner}  },`]), `${inner}},`];
      const typed = typedSizeFormats(node);
      if (node.sizes.length === 0) lines.push(`${at}sizes: {},`);
      else {
        lines.push(`${at}sizes: {`);
        for (const s of node.sizes) {
          lines.push(`${at}  ${s.size}: {`, ...member(s.file, `${at}    `), ...formatsBlock(s.formats.filter((f) => typed.has(f.format)), `${at}    `), `${at}  },`);
        }
        lines.push(`${at}},`);
      }
      lines.push(...formatsBlock(node.formats, at));
    }
    lines.push('    },');
  }
  lines.push('  },');
  return lines;
}

/** The `src` member at indentation `at`; `outer` is the object's extra indentation (for the width rule). */
function srcLines(file: IndexFile, source: ModuleSource, bindings: Map<string, string>, outer: string, at: string): string[] {
  switch (source.mode) {
    case 'cdn':
      return [`${at}src: ${str(file.url ?? '')},`];
    case 'public':
      return [`${at}src: ${str(file.public_url ?? file.path)},`];
    case 'import':
      return [`${at}src: ${bindings.get(file.path)!},`];
    case 'url': {
      // A getter, so an unused asset's `new URL(…)` is never evaluated and the bundler drops it.
      const spec = str(source.specifier(file.path));
      return [`${at}get src()${source.javascript ? '' : ': string'} {`, ...urlReturn(spec, `${at}  `, outer), `${at}},`];
    }
    default: {
      const never: never = source.mode;
      throw new Error(`unknown files mode ${String(never)}`);
    }
  }
}

/** `return new URL(…).href;` as prettier wraps it: one line, else `.href` on the next line, else one argument per line. */
function urlReturn(spec: string, at: string, outer: string): string[] {
  const call = `return new URL(${spec}, import.meta.url)`;
  if (textWidth(`${outer}${at}${call}.href;`) <= PRINT_WIDTH) return [`${at}${call}.href;`];
  if (textWidth(`${outer}${at}${call}`) <= PRINT_WIDTH) return [`${at}${call}`, `${at}  .href;`];
  return [`${at}return new URL(`, `${at}  ${spec},`, `${at}  import.meta.url,`, `${at}).href;`];
}

function metaLines(file: IndexFile, at: string): string[] {
  const lines = [`${at}mime: ${str(file.mime)},`];
  if (file.width !== undefined) lines.push(`${at}width: ${file.width},`);
  if (file.height !== undefined) lines.push(`${at}height: ${file.height},`);
  if (file.duration !== undefined) lines.push(`${at}duration: ${file.duration},`);
  return lines;
}

/** `  wave,` or `  "wave-santa": waveSanta,` — the value on its own line when too wide (as prettier does). */
function mapEntry(id: string, name: string): string {
  const key = propKey(id);
  if (key === name) return `  ${name},`;
  const line = `  ${key}: ${name},`;
  return textWidth(line) <= PRINT_WIDTH ? line : `  ${key}:\n    ${name},`;
}
