/** Field-by-field comparison of planned and recorded fingerprint inputs (pure). */
import { canonicalJson } from './fingerprint.js';

/** Names of the top-level input fields whose canonical values differ, sorted; every field when nothing was recorded. */
export function changedFields(planned: Record<string, unknown>, recorded: Record<string, unknown> | undefined): string[] {
  const keys = new Set([...Object.keys(planned), ...Object.keys(recorded ?? {})]);
  const changed: string[] = [];
  for (const key of [...keys].sort()) {
    const a = Object.hasOwn(planned, key) ? planned[key] : undefined;
    const b = recorded && Object.hasOwn(recorded, key) ? recorded[key] : undefined;
    if (canonicalJson(a) !== canonicalJson(b)) changed.push(key);
  }
  return changed;
}
