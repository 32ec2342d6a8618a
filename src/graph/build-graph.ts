/** The dependency graph of a validated manifest, ordered into topological waves. */
import type { Asset, AssetGraph, AssetRef, Manifest } from '../model/manifest.js';
import { findCycles } from './find-cycles.js';

/** Ids an asset needs before it can be generated: local `source`/`end`, or a reverse's parent. */
export function dependenciesOf(asset: Asset): string[] {
  const local = (ref: AssetRef) => (ref.kind === 'local' ? [ref.id] : []);
  switch (asset.kind) {
    case 'image':
    case 'animation':
    case 'logo':
      return [];
    case 'animate':
    case 'edit':
      return local(asset.source);
    case 'transition':
      return [...new Set([...local(asset.source), ...local(asset.end)])];
    case 'reverse':
      return [asset.parent];
    default: {
      const never: never = asset;
      throw new Error(`unknown asset kind: ${JSON.stringify(never)}`);
    }
  }
}

/**
 * Builds the graph. Waves are topological levels (an asset sits one wave after its deepest
 * dependency); ids are sorted by code point within a wave. Throws on a cycle or a dangling
 * reference: loadManifest rejects both, so reaching them here is a bug in the caller.
 */
export function buildGraph(manifest: Manifest): AssetGraph {
  const ids = Object.keys(manifest.assets);
  const dependsOn: Record<string, string[]> = {};
  const dependants: Record<string, string[]> = {};
  for (const id of ids) dependants[id] = [];
  for (const id of ids) {
    const deps = dependenciesOf(manifest.assets[id]!);
    for (const dep of deps) {
      if (!(dep in dependants)) throw new Error(`asset "${id}" depends on unknown asset "${dep}"`);
      dependants[dep]!.push(id);
    }
    dependsOn[id] = deps;
  }
  const cycles = findCycles(dependsOn, ids);
  if (cycles.length > 0) throw new Error(`dependency cycle: ${[...cycles[0]!, cycles[0]![0]].join(' → ')}`);

  const level = new Map<string, number>();
  const levelOf = (id: string): number => {
    const known = level.get(id);
    if (known !== undefined) return known;
    // Iterative post-order so a long chain of edits cannot overflow the stack.
    const stack = [id];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const pending = dependsOn[top]!.filter((d) => !level.has(d));
      if (pending.length > 0) {
        stack.push(...pending);
        continue;
      }
      stack.pop();
      level.set(top, Math.max(-1, ...dependsOn[top]!.map((d) => level.get(d)!)) + 1);
    }
    return level.get(id)!;
  };
  const waves: string[][] = [];
  for (const id of ids) {
    const l = levelOf(id);
    while (waves.length <= l) waves.push([]);
    waves[l]!.push(id);
  }
  for (const wave of waves) wave.sort(compareCodePoints);
  return { dependsOn, dependants, waves };
}

function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
