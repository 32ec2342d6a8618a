/**
 * Export names for asset ids (documented in docs/outputs.md): `wave-santa` → `waveSanta`. Ids are
 * split at runs of "-" and "_", the parts after the first start upper-case; a name starting with a
 * digit gets the prefix `asset` (`3d-spin` → `asset3dSpin`); a reserved word or a name the module
 * itself uses gets the suffix `Asset` (`default` → `defaultAsset`). When several ids give the same
 * name, an id spelled exactly as the name keeps it, else the first in code-point order; the others
 * get 2, 3, … (the first number that is no other id's name).
 */

/** Words a module-level `const` cannot be named, or should not shadow, plus the module's own names. */
const RESERVED = new Set([
  ...'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield'.split(' '),
  ...'let static implements interface package private protected public await arguments eval undefined globalThis'.split(' '),
  'maskoAssets',
]);

/** camelCase of an id with the digit and reserved-word rules applied (collisions not resolved). */
export function baseName(id: string): string {
  const parts = id.split(/[-_]+/).filter((p) => p !== '');
  const camel = parts.map((p, i) => (i === 0 ? p : p.charAt(0).toUpperCase() + p.slice(1))).join('');
  const name = camel === '' ? 'asset' : /^[0-9]/.test(camel) ? `asset${camel}` : camel;
  return RESERVED.has(name) ? `${name}Asset` : name;
}

/** id → unique export name, deterministic for a set of ids whatever their order. */
export function exportNames(ids: readonly string[]): Map<string, string> {
  const sorted = [...new Set(ids)].sort(byCodePoint);
  const byBase = new Map<string, string[]>();
  for (const id of sorted) {
    const base = baseName(id);
    byBase.set(base, [...(byBase.get(base) ?? []), id]);
  }
  // Every base name is taken first, so a suffixed name never takes another id's natural name.
  const taken = new Set(byBase.keys());
  const out = new Map<string, string>();
  for (const [base, group] of byBase) {
    // An id that is already its name (`wave2`) keeps it; else the first id in code-point order.
    const owner = group.find((id) => id === base) ?? group[0]!;
    out.set(owner, base);
    for (const id of group.filter((g) => g !== owner)) out.set(id, freeName(base, '', taken));
  }
  return out;
}

/** A local binding for one file of an asset, e.g. `waveSanta_transparent_image`; never an export name (those have no "_"). */
export function fileBinding(exportName: string, key: string, taken: Set<string>): string {
  const name = `${exportName}_${key.replace(/[^A-Za-z0-9_$]/g, '_')}`;
  if (!taken.has(name)) {
    taken.add(name);
    return name;
  }
  return freeName(name, '_', taken);
}

function freeName(base: string, separator: string, taken: Set<string>): string {
  for (let n = 2; ; n++) {
    const name = `${base}${separator}${n}`;
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

/** Code-point order (locale-independent, as the lock and index are sorted). */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
