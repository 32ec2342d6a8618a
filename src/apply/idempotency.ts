/** Idempotency keys: derived from what is being paid for, so a retry or a replay never charges twice. */
import { createHash } from 'node:crypto';

export interface KeyedItem {
  id: string;
  fingerprint: string;
  /** The job this generation replaces (so retrying a failed job, or going back to an old prompt, is a new key). */
  previousJobId?: string;
}

/** Key for one batch: the collection and, in request order, each asset id, fingerprint and replaced job. */
export function batchKey(collection: string, items: KeyedItem[]): string {
  const material = JSON.stringify([collection, items.map((i) => [i.id, i.fingerprint, i.previousJobId ?? null])]);
  return 'masko-sync-' + createHash('sha256').update(material).digest('hex').slice(0, 48);
}

/** Key for creating a project or collection by definition. */
export function definitionKey(kind: string, fields: Record<string, string | undefined>): string {
  const material = JSON.stringify([kind, Object.entries(fields).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]);
  return 'masko-sync-' + createHash('sha256').update(material).digest('hex').slice(0, 48);
}
