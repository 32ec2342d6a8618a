/** Finds where a value lives in the YAML text, by JSON path, so diagnostics can point at it. */
import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Span } from '../model/manifest.js';

interface Found {
  key?: Node;
  value?: Node;
}

/** Span lookups over one parsed document; paths are arrays of keys (strings) or indexes. */
export class Locator {
  // Key → pair per mapping, built on first use: lookups stay O(1) on manifests with thousands of assets.
  private readonly indexes = new WeakMap<object, Map<string, Pair<Node, Node>>>();

  constructor(private readonly doc: Document.Parsed) {}

  /** Span of the value at `path`, or of the nearest ancestor that exists. */
  value(path: readonly string[]): Span {
    for (let n = path.length; n >= 0; n--) {
      const found = this.find(path.slice(0, n));
      const span = spanOf(found?.value) ?? spanOf(found?.key);
      if (span) return span;
    }
    return this.root();
  }

  /** Span of the key whose value is at `path` (falls back to the value, then to ancestors). */
  key(path: readonly string[]): Span {
    for (let n = path.length; n >= 0; n--) {
      const found = this.find(path.slice(0, n));
      const span = spanOf(found?.key) ?? spanOf(found?.value);
      if (span) return span;
    }
    return this.root();
  }

  /** Whether `path` exists in the text (not only through defaults). */
  has(path: readonly string[]): boolean {
    return this.find(path) !== undefined;
  }

  private root(): Span {
    const contents = this.doc.contents as Node | null;
    const start = contents?.range?.[0] ?? 0;
    return { start, end: start };
  }

  private find(path: readonly string[]): Found | undefined {
    let found: Found = { value: (this.doc.contents as Node | null) ?? undefined };
    for (const segment of path) {
      const next = this.step(found.value, segment, 0);
      if (!next) return undefined;
      found = next;
    }
    return found;
  }

  private step(node: Node | undefined, segment: string, depth: number): Found | undefined {
    const target = this.deref(node);
    if (depth > 20 || target === undefined) return undefined;
    if (isMap(target)) {
      const items = target.items as Pair<Node, Node>[];
      const pair = this.keyIndex(target).get(segment);
      if (pair) return { key: pair.key, value: pair.value ?? undefined };
      for (const pair of items) {
        if (!isScalar(pair.key) || typeof pair.key.value !== 'symbol') continue;
        // A merge key (`<<: *base` or `<<: [*a, *b]`): look the key up in the merged mappings.
        const source = this.deref(pair.value ?? undefined);
        const sources = isSeq(source) ? (source.items as Node[]) : [source];
        for (const s of sources) {
          const hit = this.step(s, segment, depth + 1);
          if (hit) return hit;
        }
      }
      return undefined;
    }
    if (isSeq(target)) {
      const item = (target.items as Node[])[Number(segment)];
      return item === undefined ? undefined : { value: item };
    }
    return undefined;
  }

  private keyIndex(map: YAMLMap): Map<string, Pair<Node, Node>> {
    let index = this.indexes.get(map);
    if (!index) {
      index = new Map();
      // Later duplicates overwrite earlier ones: the last one wins, as in the parsed value.
      for (const pair of map.items as Pair<Node, Node>[]) {
        if (isScalar(pair.key) && typeof pair.key.value !== 'symbol') index.set(String(pair.key.value), pair);
      }
      this.indexes.set(map, index);
    }
    return index;
  }

  private deref(node: Node | undefined): Node | undefined {
    if (node !== undefined && isAlias(node)) return (node.resolve(this.doc) as Node | undefined) ?? undefined;
    return node;
  }
}

function spanOf(node: Node | undefined): Span | undefined {
  const range = node?.range;
  if (!range) return undefined;
  return { start: range[0], end: Math.max(range[1], range[0]) };
}
