/** Cycle detection over a dependency map (Tarjan's strongly connected components). */

/**
 * Returns one cycle per strongly connected component that has one, each as the ids along it
 * (the first id is not repeated at the end). A cycle starts at its member that comes first in
 * `order`, so messages are stable. Edges to ids not in `dependsOn` are ignored.
 */
export function findCycles(dependsOn: Readonly<Record<string, readonly string[]>>, order: readonly string[]): string[][] {
  const rank = new Map(order.map((id, i) => [id, i]));
  const nodes = Object.keys(dependsOn).sort((a, b) => (rank.get(a) ?? Infinity) - (rank.get(b) ?? Infinity));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;

  const edgeLists = new Map(nodes.map((id) => [id, (dependsOn[id] ?? []).filter((d) => d in dependsOn)]));
  const edges = (id: string): string[] => edgeLists.get(id) ?? [];

  // Iterative Tarjan: manifests can be deep chains and recursion would risk the stack.
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: { id: string; next: number }[] = [{ id: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const out = edges(frame.id);
      if (frame.next < out.length) {
        const dep = out[frame.next++]!;
        if (!index.has(dep)) {
          index.set(dep, counter);
          low.set(dep, counter++);
          stack.push(dep);
          onStack.add(dep);
          work.push({ id: dep, next: 0 });
        } else if (onStack.has(dep)) {
          low.set(frame.id, Math.min(low.get(frame.id)!, index.get(dep)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!));
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        let id: string;
        do {
          id = stack.pop()!;
          onStack.delete(id);
          component.push(id);
        } while (id !== frame.id);
        components.push(component);
      }
    }
  }

  const cycles: string[][] = [];
  for (const component of components) {
    const members = new Set(component);
    const selfLoop = component.length === 1 && edges(component[0]!).includes(component[0]!);
    if (component.length === 1 && !selfLoop) continue;
    const start = [...members].sort((a, b) => (rank.get(a) ?? Infinity) - (rank.get(b) ?? Infinity))[0]!;
    cycles.push(pathBack(start, members, edges));
  }
  return cycles.sort((a, b) => (rank.get(a[0]!) ?? Infinity) - (rank.get(b[0]!) ?? Infinity));
}

/** A shortest path start → … → start inside one component (breadth-first). */
function pathBack(start: string, members: Set<string>, edges: (id: string) => string[]): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    for (const dep of edges(id)) {
      if (!members.has(dep)) continue;
      if (dep === start) {
        const path = [id];
        let cur = id;
        while (cur !== start) {
          cur = previous.get(cur)!;
          path.push(cur);
        }
        return path.reverse();
      }
      if (!previous.has(dep)) {
        previous.set(dep, id);
        queue.push(dep);
      }
    }
  }
  return [start];
}
