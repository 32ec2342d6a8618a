/** Sentences a person reads in a plan step's `reason` (pure). */
import type { LockEntry } from '../model/lock.js';

/** Why an asset in the lock must be generated again: changed fields, changing upstreams, a failed or abandoned job. */
export function regenerateReason(o: {
  entry: LockEntry;
  ownChanged: string[];
  causes: string[];
  plannedKind: string;
  fingerprintDiffers: boolean;
  reverseProblem?: string;
  /** The manifest's `revision` when it changed to a number: a re-roll a commit carries, said as one. */
  revision?: number;
}): string {
  const parts: string[] = [];
  const rerolled = o.revision !== undefined && o.ownChanged.includes('revision');
  const fields = o.ownChanged.filter((f) => f !== 'collection' && f !== 'kind' && !(rerolled && f === 'revision'));
  if (o.ownChanged.includes('collection')) parts.push('collection changed');
  if (o.ownChanged.includes('kind')) parts.push(`kind changed (${o.entry.type} → ${o.plannedKind})`);
  if (fields.length > 0) parts.push(`${fields.join(', ')} changed`);
  if (o.causes.length > 0) parts.push(`upstream ${o.causes.join(', ')} ${o.causes.length > 1 ? 'change' : 'changes'}`);
  if (rerolled) parts.push(`re-roll requested (revision: ${o.revision!}): a new generation under the same item`);
  if (o.reverseProblem) parts.push(o.reverseProblem);
  if (parts.length === 0 && o.fingerprintDiffers) parts.push('fingerprint changed');
  if (o.entry.status === 'failed' && !o.fingerprintDiffers) parts.push('previous job failed');
  if (o.entry.status === 'pending') parts.push(`pending job ${o.entry.job_id} is abandoned (its result no longer matches)`);
  return parts.join('; ');
}

/** Free fixes, joined: "output path changed; image missing on disk; renamed "A" → "B"". */
export function freeFixReason(o: {
  relocate?: boolean;
  restore?: Array<{ key: string; missing: boolean }>;
  rename?: { from: string; to: string };
  variants?: { derive: string[]; rederive: string[]; drop: string[] };
}): string {
  const parts: string[] = [];
  if (o.relocate) parts.push('output path changed');
  const missing = o.restore?.filter((r) => r.missing).map((r) => r.key) ?? [];
  const modified = o.restore?.filter((r) => !r.missing).map((r) => r.key) ?? [];
  if (missing.length > 0) parts.push(`${missing.join(', ')} missing on disk`);
  if (modified.length > 0) parts.push(`${modified.join(', ')} modified on disk`);
  const v = o.variants;
  if (v?.derive.length) parts.push(`new variants ${v.derive.join(', ')}, made locally (free)`);
  if (v?.rederive.length) parts.push(`${v.rederive.join(', ')} missing on disk, made again locally (free)`);
  if (v?.drop.length) parts.push(`variants no longer wanted: ${v.drop.join(', ')} (their files are removed)`);
  if (o.rename) parts.push(`name changed (${JSON.stringify(o.rename.from)} → ${JSON.stringify(o.rename.to)})`);
  return parts.length > 0 ? parts.join('; ') : 'up to date';
}
