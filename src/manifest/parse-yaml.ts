/** Step 1 of loading: YAML text → a Document with positions and its plain value, or syntax diagnostics. */
import { isScalar, parseDocument, visit, type Document } from 'yaml';
import type { Diagnostic } from '../model/diagnostic.js';

/** What parsing produced; `data` is set unless the text is empty or its syntax is broken. */
export interface ParsedYaml {
  doc?: Document.Parsed;
  data?: unknown;
  diagnostics: Diagnostic[];
}

// Aliases may be nested; this bounds expansion ("billion laughs") while allowing real reuse.
const MAX_ALIAS_COUNT = 1000;

// `init` never overwrites a file, so "run init" alone would fail on the (empty) file that is there.
const EMPTY_HINT = "Delete this file and run `masko-sync init` to write a starter one (init never overwrites a file), or write `version: 1`, a `collection` and `assets` in it.";

const friendlyMessages: Record<string, string> = {
  MULTIPLE_DOCS: 'the file holds several YAML documents ("---"); a manifest is a single document',
  TAB_AS_INDENT: 'tabs are not allowed as indentation in YAML; indent with spaces',
  DUPLICATE_KEY: 'this key appears twice in the same mapping; YAML keeps only the last one',
};

/** Parses the text; a syntax error stops here, duplicate keys do not (the rest is still checked). */
export function parseYaml(text: string): ParsedYaml {
  // yaml's own uniqueKeys check is quadratic per mapping; duplicateKeys() below does the same in linear time.
  const doc = parseDocument(text, { uniqueKeys: false, merge: true, prettyErrors: false });
  const diagnostics: Diagnostic[] = [...duplicateKeys(doc)];
  let syntaxBroken = false;
  // An error found only at the end of the file (an unclosed quote or bracket) is placed just after
  // its last character, on a line that shows, rather than on the empty line past it.
  const contentEnd = text.trimEnd().length;
  for (const err of doc.errors) {
    const duplicate = err.code === 'DUPLICATE_KEY';
    if (!duplicate) syntaxBroken = true;
    const start = err.pos[0] >= contentEnd && contentEnd > 0 ? contentEnd : err.pos[0];
    diagnostics.push({
      code: duplicate ? 'DUPLICATE_KEY' : 'YAML_SYNTAX',
      severity: 'error',
      message: friendlyMessages[err.code] ?? firstLine(err.message),
      start,
      end: Math.max(err.pos[1], start + 1),
    });
  }
  for (const warn of doc.warnings) {
    diagnostics.push({
      code: 'YAML_SYNTAX',
      severity: 'warning',
      message: firstLine(warn.message),
      start: warn.pos[0],
      end: Math.max(warn.pos[1], warn.pos[0] + 1),
    });
  }
  if (syntaxBroken) return { doc, diagnostics };
  if (doc.contents === null) {
    diagnostics.push({ code: 'EMPTY_MANIFEST', severity: 'error', message: 'the manifest is empty', start: 0, end: 0, hint: EMPTY_HINT });
    return { doc, diagnostics };
  }
  try {
    const data: unknown = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    if (data === null || data === undefined) {
      diagnostics.push({ code: 'EMPTY_MANIFEST', severity: 'error', message: 'the manifest is empty', start: 0, end: 0, hint: EMPTY_HINT });
      return { doc, diagnostics };
    }
    return { doc, data, diagnostics };
  } catch (err) {
    // toJS throws on excessive or unresolvable aliases; those are the user's text, not a bug.
    const range = doc.contents.range;
    diagnostics.push({
      code: 'YAML_SYNTAX',
      severity: 'error',
      message: `the document cannot be expanded: ${err instanceof Error ? firstLine(err.message) : String(err)}`,
      start: range[0],
      end: range[0] + 1,
    });
    return { doc, diagnostics };
  }
}

/** DUPLICATE_KEY for every scalar key that repeats within one mapping (merge keys excepted). */
function duplicateKeys(doc: Document.Parsed): Diagnostic[] {
  const out: Diagnostic[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const key = pair.key;
        if (!isScalar(key) || typeof key.value === 'symbol') continue;
        const id = `${typeof key.value}:${String(key.value)}`;
        if (seen.has(id)) {
          const [start, end] = key.range ?? [0, 0];
          out.push({ code: 'DUPLICATE_KEY', severity: 'error', message: `the key "${String(key.value)}" appears twice in the same mapping; YAML keeps only the last one`, start, end: Math.max(end, start + 1) });
        }
        seen.add(id);
      }
    },
  });
  return out;
}

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  // yaml's messages start upper-case and end with a period; ours read as one sentence after "CODE:".
  return line.replace(/^([A-Z])(?=[a-z])/, (c) => c.toLowerCase()).replace(/\.$/, '');
}
