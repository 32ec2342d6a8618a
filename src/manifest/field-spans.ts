/** Spans of fields in manifest text, for diagnostics found after loading (pure; loads the YAML parser). */
import type { Span } from '../model/manifest.js';
import { Locator } from './locate.js';
import { parseYaml } from './parse-yaml.js';

/** Spans of fields in the manifest text (parsed once per call; only when there is something to report). */
export function fieldSpans(text: string): (field: string[]) => Span {
  const parsed = parseYaml(text);
  const locator = parsed.doc ? new Locator(parsed.doc) : undefined;
  return (field) => locator?.value(field) ?? { start: 0, end: 0 };
}
