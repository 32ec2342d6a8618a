/** Diagnostics for people (`file:LINE:COL error CODE: message`, source line, caret, hint) and for `--json`. */
import { createColors } from 'picocolors';
import type { Diagnostic, RenderedDiagnostic } from '../model/diagnostic.js';

/** Maps offsets to 1-based line and column (UTF-16 units; "\r\n" counts as one break; a BOM is not a column). */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /** Line and column of an offset (clamped into the text). */
  position(offset: number): { line: number; column: number } {
    const at = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    const bom = lo === 0 && this.text.charCodeAt(0) === 0xfeff && at > 0 ? 1 : 0;
    return { line: lo + 1, column: at - this.starts[lo]! + 1 - bom };
  }

  /** The text of a 1-based line, without its line break or BOM. */
  lineText(line: number): string {
    const start = this.starts[line - 1] ?? this.text.length;
    const next = this.starts[line];
    const raw = this.text.slice(start, next === undefined ? undefined : next - 1);
    return raw.replace(/\r$/, '').replace(/^\uFEFF/, '');
  }
}

/** The diagnostics as `validate --json` prints them (hint appended to the message). */
export function toRenderedDiagnostics(text: string, file: string, diagnostics: Diagnostic[]): RenderedDiagnostic[] {
  const index = new LineIndex(text);
  return diagnostics.map((d) => {
    const { line, column } = index.position(d.start);
    return { code: d.code, severity: d.severity, message: fullMessage(d), file, line, column };
  });
}

/** Renders every diagnostic with its source line and a caret under the span. */
export function renderDiagnostics(text: string, file: string, diagnostics: Diagnostic[], opts: { color?: boolean } = {}): string {
  const c = createColors(opts.color ?? false);
  const index = new LineIndex(text);
  const blocks = diagnostics.map((d) => {
    const { line, column } = index.position(d.start);
    const severity = d.severity === 'error' ? c.red(c.bold('error')) : c.yellow(c.bold('warning'));
    const head = `${c.bold(`${file}:${line}:${column}`)} ${severity} ${c.bold(d.code)}: ${d.message}${d.hint ? '. ' + c.cyan(d.hint) : ''}`;
    const source = index.lineText(line).replace(/\t/g, ' ');
    if (source.trim() === '') return head;
    const end = index.position(Math.max(d.end, d.start + 1));
    const width = end.line === line ? Math.max(1, end.column - column) : Math.max(1, source.length - column + 1);
    const gutter = String(line).length;
    return [
      head,
      `${c.dim(`${String(line).padStart(gutter)} |`)} ${source}`,
      `${c.dim(`${' '.repeat(gutter)} |`)} ${' '.repeat(column - 1)}${c.red('^'.repeat(Math.min(width, Math.max(1, source.length - column + 1))))}`,
    ].join('\n');
  });
  return blocks.length === 0 ? '' : blocks.join('\n\n') + '\n';
}

function fullMessage(d: Diagnostic): string {
  return d.hint ? `${d.message}. ${d.hint}` : d.message;
}
