/** Messages for asset ids given on the command line that the manifest does not have (pure). */
import { nearest } from '../manifest/suggest.js';

/** `"wavee" (did you mean "wave"?)`, or just `"wavee"` when no asset id is near it. */
export function namedWithHint(id: string, known: Iterable<string>): string {
  const near = nearest(id, known);
  return near === undefined ? `"${id}"` : `"${id}" (did you mean "${near}"?)`;
}

/** The usage error of a flag that names ids the manifest does not have, each with its nearest id. */
export function unknownIdsMessage(flag: string, ids: readonly string[], known: Iterable<string>): string {
  const list = [...known];
  return `${flag} names ${ids.length === 1 ? 'an unknown asset' : 'unknown assets'}: ${ids.map((id) => namedWithHint(id, list)).join(', ')} (\`masko-sync plan\` lists the manifest's ids)`;
}
