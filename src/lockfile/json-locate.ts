/** Positions inside JSON text, for error messages only (the fast path is JSON.parse). */

/** A syntax error at a UTF-16 offset. */
export interface JsonSyntaxError {
  offset: number;
  message: string;
}

/** Result of scanning: value offsets by JSON pointer, or the first syntax error. */
export type JsonScan = { ok: true; offsets: Map<string, number> } | { ok: false; error: JsonSyntaxError };

/** Deepest nesting scanned by default (the lock schema needs about six levels). */
const MAX_DEPTH = 256;

/** Scans JSON text, recording where each value starts (by JSON pointer) or where the first syntax error (or too deep a value) is. */
export function scanJson(text: string, maxDepth = MAX_DEPTH): JsonScan {
  const offsets = new Map<string, number>();
  let i = 0;
  const fail = (message: string): never => {
    throw Object.assign(new Error(message), { offset: i });
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const describe = () => (i >= text.length ? 'end of file' : JSON.stringify(text[i]));
  const string = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text.charCodeAt(i) < 0x20) fail('control character in a string');
      i++;
    }
    if (i >= text.length) {
      i = start;
      fail('unterminated string');
    }
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (pointer: string, depth: number): void => {
    ws();
    // A lock is a few levels deep; a hostile one nested thousands deep must not overflow the stack.
    if (depth > maxDepth) fail(`nested more than ${maxDepth} levels deep`);
    offsets.set(pointer, i);
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail(`expected a property name in double quotes, found ${describe()}`);
        const key = string();
        ws();
        if (text[i] !== ':') fail(`expected ':' after property name, found ${describe()}`);
        i++;
        value(`${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`, depth + 1);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail(`expected ',' or '}', found ${describe()}`);
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (let n = 0; ; n++) {
        value(`${pointer}/${n}`, depth + 1);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail(`expected ',' or ']', found ${describe()}`);
      }
    } else if (c === '"') {
      string();
    } else {
      const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
      if (!m) fail(`unexpected ${describe()}`);
      i += m![0].length;
    }
  };
  try {
    value('', 0);
    ws();
    if (i < text.length) fail(`unexpected ${describe()} after the end of the document`);
    return { ok: true, offsets };
  } catch (err) {
    const e = err as Error & { offset?: number };
    if (e.offset === undefined) throw err;
    return { ok: false, error: { offset: e.offset, message: e.message } };
  }
}

/** 1-based line and column of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let j = 0; j < offset && j < text.length; j++) {
    if (text[j] === '\n') {
      line++;
      lineStart = j + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
