/** Text → Manifest + Diagnostic[]: parse with positions, validate with the schema, check semantics, normalise. */
import type { Diagnostic } from '../model/diagnostic.js';
import type { Manifest } from '../model/manifest.js';
import { isRecord } from './asset-shape.js';
import { checkOutputCollisions } from './check-collisions.js';
import { checkSemantics } from './check-semantics.js';
import { checkText } from './check-text.js';
import { schemaErrors } from './compile-schema.js';
import { Locator } from './locate.js';
import { mapSchemaErrors } from './map-schema-errors.js';
import { normalise } from './normalise.js';
import { parseYaml } from './parse-yaml.js';

/** The result of loading: `manifest` is set only when no diagnostic is an error. */
export interface LoadResult {
  manifest?: Manifest;
  diagnostics: Diagnostic[];
}

/** Loads a manifest from its text. Pure; never throws for anything in the text; reports every problem at once. */
export function loadManifest(text: string): LoadResult {
  try {
    return load(text);
  } catch (err) {
    // A throw here is our bug, but callers (watch mode, the CLI) must still get a diagnostic, not a crash.
    const message = err instanceof Error ? err.message : String(err);
    return { diagnostics: [{ code: 'YAML_SYNTAX', severity: 'error', message: `internal error while reading the manifest: ${message}`, start: 0, end: 0 }] };
  }
}

function load(text: string): LoadResult {
  const parsed = parseYaml(text);
  if (parsed.doc === undefined || parsed.data === undefined) return { diagnostics: sortDiagnostics(parsed.diagnostics) };
  const locator = new Locator(parsed.doc);
  const diagnostics = [
    ...parsed.diagnostics,
    ...mapSchemaErrors(schemaErrors(parsed.data), parsed.data, locator),
    ...checkSemantics(parsed.data, locator),
    ...checkText(parsed.doc),
  ];
  const sorted = sortDiagnostics(diagnostics);
  if (sorted.some((d) => d.severity === 'error') || !isRecord(parsed.data)) return { diagnostics: sorted };
  const manifest = normalise(parsed.data, locator);
  const collisions = checkOutputCollisions(manifest);
  if (collisions.length > 0) return { diagnostics: sortDiagnostics([...sorted, ...collisions]) };
  return { manifest, diagnostics: sorted };
}

/** Sorted by position, then code; exact duplicates removed. */
function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return [...diagnostics]
    .sort((a, b) => a.start - b.start || a.end - b.end || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    .filter((d) => {
      const key = `${d.code}|${d.start}|${d.end}|${d.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}
