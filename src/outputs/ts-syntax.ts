/**
 * TypeScript source pieces printed exactly as prettier (default options) prints them, so the
 * generated module passes `prettier --check` without prettier being loaded at run time. The test
 * test/outputs/asset-module.test.ts checks these rules against prettier itself.
 */

/** prettier's default print width. */
export const PRINT_WIDTH = 80;

/** A string literal: double quotes unless the text holds more double than single quotes (prettier's choice). */
export function str(value: string): string {
  const doubles = value.split('"').length - 1;
  const singles = value.split("'").length - 1;
  const quote = doubles > singles ? "'" : '"';
  let out = quote;
  for (const ch of value) out += escapeChar(ch, quote);
  return out + quote;
}

function escapeChar(ch: string, quote: string): string {
  if (ch === quote || ch === '\\') return '\\' + ch;
  const code = ch.codePointAt(0)!;
  if (code >= 0x20 && !(code >= 0xd800 && code <= 0xdfff)) return ch;
  // Control characters and lone surrogates as JSON writes them (prettier keeps escapes as written).
  return JSON.stringify(ch).slice(1, -1);
}

/** A property key: bare when it is an identifier name (prettier's quoteProps "as-needed"), else quoted. */
export function propKey(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : str(key);
}

/**
 * The width prettier measures for a line: code points, with East Asian wide characters counting
 * two and combining marks none (a close reading of prettier's getStringWidth, enough for paths).
 */
export function textWidth(text: string): number {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(text)) return text.length;
  let width = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if ((code >= 0x300 && code <= 0x36f) || (code >= 0xfe20 && code <= 0xfe2f) || code === 0x200d) continue;
    width += isWide(code) ? 2 : 1;
  }
  return width;
}

function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf && code !== 0x303f) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

/** Text for a `/** … *\/` comment on one line: whitespace and control characters collapsed, lone surrogates replaced, `*\/` defused. */
export function commentText(text: string): string {
  return text
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    // eslint-disable-next-line no-control-regex
    .replace(/[\s\x00-\x1f\x7f]+/g, ' ')
    .trim()
    .replace(/\*\//g, '*\\/');
}
