/** Idempotency keys: derived from exactly what is sent, so a retry or a replay never charges twice. */
import { createHash } from 'node:crypto';
import { canonicalize } from '../plan/canonical-json.js';
import type { InflightItem } from '../model/lock.js';

/**
 * Key for one batch: the collection, every request body (canonical JSON, so names and item ids are
 * covered too) and the job each item replaces (so retrying a failed job is a new key).
 */
export function batchKey(collection: string, items: InflightItem[], previousJobIds: Array<string | undefined>): string {
  const material = canonicalize([collection, items.map((i, n) => [i.id, i.request, previousJobIds[n] ?? null])]) ?? '';
  return 'masko-sync-' + createHash('sha256').update(material).digest('hex').slice(0, 48);
}

/** Key for creating a project or collection by definition. */
export function definitionKey(kind: string, fields: Record<string, string | undefined>): string {
  const material = canonicalize([kind, fields]) ?? '';
  return 'masko-sync-' + createHash('sha256').update(material).digest('hex').slice(0, 48);
}
