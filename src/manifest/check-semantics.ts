/** Checks the schema cannot express: references, reverse ids, cycles, output paths. Runs on the raw value, defensively. */
import type { Diagnostic, DiagnosticCode } from '../model/diagnostic.js';
import type { AssetKind, Span } from '../model/manifest.js';
import { findCycles } from '../graph/find-cycles.js';
import { IMAGE_PRODUCING, isRecord, kindLabel, rawKind, refVerb, reverseIdOf } from './asset-shape.js';
import type { Locator } from './locate.js';
import { checkModuleOutput } from './check-module-output.js';
import { checkOutputPath } from './output-path.js';
import { checkLife } from './check-life.js';
import { looksLikePath } from './image-source.js';
import { describePath } from './json-path.js';
import { didYouMean } from './suggest.js';

/** An error diagnostic at a span. */
export const diag = (code: DiagnosticCode, message: string, span: Span, hint?: string): Diagnostic => ({
  code,
  severity: 'error',
  message,
  start: span.start,
  end: span.end,
  ...(hint === undefined ? {} : { hint }),
});

/** All semantic problems of a parsed manifest value (which may also have schema errors). */
export function checkSemantics(data: unknown, locator: Locator): Diagnostic[] {
  if (!isRecord(data)) return [];
  const out: Diagnostic[] = [];
  checkPaths(data, locator, out);
  out.push(...checkModuleOutput(data, locator));
  out.push(...checkLife(data, locator));
  const assets = isRecord(data.assets) ? data.assets : {};
  const ids = Object.keys(assets);
  const kinds = new Map<string, AssetKind | undefined>(ids.map((id) => [id, rawKind(assets[id])]));
  const dependsOn: Record<string, string[]> = {};
  const refSpans = new Map<string, Span>();

  // Reverse clips are assets too: collect them (and their collisions) before resolving references.
  const reverseOwner = new Map<string, string>();
  for (const id of ids) {
    const asset = assets[id];
    if (!isRecord(asset) || kinds.get(id) !== 'transition') continue;
    const rid = reverseIdOf(asset);
    if (rid === undefined) continue;
    const span = locator.value(typeof asset.reverse === 'string' ? ['assets', id, 'reverse'] : ['assets', id, 'reverse', 'id']);
    // Own properties only: a reverse id such as "constructor" is a fine id, not Object.prototype's.
    if (Object.hasOwn(assets, rid)) {
      out.push(diag('DUPLICATE_ID', `the reverse of transition "${id}" is named "${rid}", which is already the id of an asset`, span, 'Give the reverse clip its own id.'));
    } else if (reverseOwner.has(rid)) {
      out.push(diag('DUPLICATE_ID', `the reverse of transition "${id}" is named "${rid}", which is already the reverse of "${reverseOwner.get(rid)!}"`, span));
    } else {
      reverseOwner.set(rid, id);
      kinds.set(rid, 'reverse');
      dependsOn[rid] = [id];
    }
  }
  const known = [...kinds.keys()];

  for (const id of ids) {
    const asset = assets[id];
    const kind = kinds.get(id);
    dependsOn[id] = [];
    if (!isRecord(asset) || (asset.type !== 'animation' && asset.type !== 'edit')) continue;
    const roles = asset.type === 'animation' ? (['source', 'end'] as const) : (['source'] as const);
    for (const role of roles) {
      const ref = asset[role];
      // A file path is uploaded, not looked up (check-life.ts checks it).
      if (typeof ref !== 'string' || ref === '' || looksLikePath(ref)) continue;
      const span = locator.value(['assets', id, role]);
      const verb = refVerb(kind, role);
      if (!kinds.has(ref)) {
        const code = role === 'source' ? 'UNKNOWN_SOURCE' : 'UNKNOWN_END';
        out.push(diag(code, `asset "${id}" ${verb} "${ref}", which is not defined`, span, didYouMean(ref, known) ?? 'Use the id of an asset in this manifest, or {asset_id: ID} for one made elsewhere.'));
        continue;
      }
      dependsOn[id]!.push(ref);
      if (!refSpans.has(`${id}>${ref}`)) refSpans.set(`${id}>${ref}`, span);
      const target = kinds.get(ref);
      if (target === undefined) continue;
      if (!IMAGE_PRODUCING.has(target)) {
        out.push(diag('SOURCE_HAS_NO_IMAGE', `asset "${id}" ${verb} "${ref}", which is ${kindLabel(target)} and produces no image`, span, 'Point at an image, an edit, or an animation made from a prompt.'));
      } else if (kind === 'edit' && target !== 'image' && target !== 'edit') {
        out.push(diag('EDIT_SOURCE_NOT_IMAGE', `asset "${id}" edits "${ref}", which is ${kindLabel(target)}; edits apply to images and other edits`, span));
      }
    }
  }

  for (const cycle of findCycles(dependsOn, known)) {
    const first = cycle[0]!;
    const span = refSpans.get(`${first}>${cycle[1] ?? first}`) ?? locator.key(['assets', first]);
    const message =
      cycle.length === 1
        ? `asset "${first}" depends on itself`
        : `assets depend on each other in a cycle: ${[...cycle, first].map((c) => `"${c}"`).join(' → ')}`;
    out.push(diag('CYCLE', message, span, 'Every source and end must be made before the asset that uses it.'));
  }
  return out;
}

function checkPaths(data: Record<string, unknown>, locator: Locator, out: Diagnostic[]): void {
  const paths: string[][] = [];
  if (isRecord(data.output)) paths.push(['output', 'dir'], ['output', 'typescript'], ['output', 'typescript', 'path']);
  if (isRecord(data.assets)) for (const id of Object.keys(data.assets)) paths.push(['assets', id, 'output']);
  for (const path of paths) {
    const value = path.reduce<unknown>((v, k) => (isRecord(v) ? v[k] : undefined), data);
    if (typeof value !== 'string' || value === '') continue;
    const check = checkOutputPath(value);
    if (check.ok) {
      if (path[1] === 'typescript' && check.normalised === '.') {
        out.push(diag('SCHEMA_VALUE', `"output.typescript" must name a file`, locator.value(path)));
      }
      continue;
    }
    out.push(pathDiagnostic(path, value, locator)!);
  }
}

/**
 * The diagnostic of an output path that is not a relative path inside the project, or undefined.
 * The schema's path patterns (schema.ts) report through this too, so both give the same diagnostic.
 */
export function pathDiagnostic(path: string[], value: string, locator: Locator): Diagnostic | undefined {
  const check = checkOutputPath(value);
  return check.ok ? undefined : diag(check.code, `${describePath(path)}: ${check.message}`, locator.value(path), check.hint);
}
