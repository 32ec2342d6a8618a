/** The dialect registry: a name → its presentation, or an Error naming the allowed ones. */
import { docsLegacy } from './docs-legacy.js';
import { docs } from './docs.js';
import { minimal } from './minimal.js';
import { reference } from './reference.js';
import { seed } from './seed.js';
import { DIALECTS, type Dialect, type DialectSpec } from './types.js';

export { DIALECTS, type Dialect, type DialectSpec } from './types.js';

const BY_NAME: Record<Dialect, DialectSpec> = { reference, docs, 'docs-legacy': docsLegacy, seed, minimal };

/** Whether `name` is a dialect. */
export function isDialect(name: unknown): name is Dialect {
  return typeof name === 'string' && (DIALECTS as readonly string[]).includes(name);
}

/** The dialect called `name`; throws an Error listing the allowed names otherwise. */
export function dialectNamed(name: unknown): DialectSpec {
  if (!isDialect(name)) throw new Error(`dialect must be one of ${DIALECTS.join(', ')}, got ${JSON.stringify(name)}`);
  return BY_NAME[name];
}
