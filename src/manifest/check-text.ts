/** Text the API and the fingerprint cannot carry: strings with a lone UTF-16 surrogate (only a "\ud800" escape makes one). */
import { isScalar, visit, type Document } from 'yaml';
import type { Diagnostic } from '../model/diagnostic.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** One INVALID_TEXT per scalar (value or key) holding a lone surrogate, at its position. */
export function checkText(doc: Document.Parsed): Diagnostic[] {
  const out: Diagnostic[] = [];
  visit(doc, {
    Scalar(_, node) {
      if (!isScalar(node) || typeof node.value !== 'string' || !LONE_SURROGATE.test(node.value)) return;
      const [start, end] = node.range ?? [0, 0];
      const at = node.value.search(LONE_SURROGATE);
      const unit = node.value.charCodeAt(at).toString(16);
      out.push({
        code: 'INVALID_TEXT',
        severity: 'error',
        message: `this text holds a lone surrogate (\\u${unit}), which is not a character: the request and its fingerprint cannot be encoded`,
        start,
        end: Math.max(end, start + 1),
        hint: `Remove the "\\u${unit}" escape, or write the whole character (e.g. "\\U0001F600" or the emoji itself).`,
      });
    },
  });
  return out;
}
