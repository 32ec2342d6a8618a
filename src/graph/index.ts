/** The asset graph: dependencies, topological waves and cycle detection (pure). */
export { buildGraph, dependenciesOf } from './build-graph.js';
export { findCycles } from './find-cycles.js';
