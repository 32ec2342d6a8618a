/** Idempotency-Key records: the same key and body replay the first answer; another body is a 409. */
import canonicalize from 'canonicalize';
import { ApiError, badField } from './errors.js';
import { sha256Hex } from './ids.js';
import type { Store } from './store.js';

/** How long a first answer is remembered (emulated time). */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
const MAX_KEY_LENGTH = 255;

/** A stored first answer to replay. */
export interface Replay {
  status: number;
  body: string;
}

/** Looks up and records first answers, per API key. */
export class Idempotency {
  constructor(
    private readonly store: Store,
    private readonly now: () => number,
    /** real ms (the TTL under the time scale) */
    private readonly ttlMs: number = IDEMPOTENCY_TTL_MS,
  ) {}

  /** Checks the header value; the fingerprint covers method, path and the body's canonical JSON. */
  fingerprint(idemKey: string, method: string, path: string, bodyText: string): string {
    if (idemKey.trim() === '' || idemKey.length > MAX_KEY_LENGTH) {
      throw badField('Idempotency-Key', `must be 1–${MAX_KEY_LENGTH} characters`);
    }
    let canonical = bodyText;
    try {
      canonical = canonicalize(JSON.parse(bodyText)) ?? bodyText;
    } catch {
      // Not JSON: the raw text is the body's identity (the handler will answer 400 anyway).
    }
    return sha256Hex(method, path, canonical);
  }

  /** The first answer for this key, or undefined; 409 when the key was used with another body. */
  lookup(apiKey: string, idemKey: string, fingerprint: string): Replay | undefined {
    const rec = this.store.data.idempotency[recKey(apiKey, idemKey)];
    if (!rec || rec.created_at + this.ttlMs < this.now()) return undefined;
    if (rec.fingerprint !== fingerprint) {
      throw new ApiError(409, 'idempotency_conflict', `Idempotency-Key ${JSON.stringify(idemKey)} was already used with a different request`);
    }
    return { status: rec.status, body: rec.body };
  }

  /** Remembers a successful answer (errors are not stored, so a corrected retry can succeed). */
  record(apiKey: string, idemKey: string, fingerprint: string, reply: Replay): void {
    const t = this.now();
    for (const [k, r] of Object.entries(this.store.data.idempotency)) {
      if (r.created_at + this.ttlMs < t) delete this.store.data.idempotency[k];
    }
    this.store.data.idempotency[recKey(apiKey, idemKey)] = { fingerprint, status: reply.status, body: reply.body, created_at: t };
    this.store.save();
  }
}

function recKey(apiKey: string, idemKey: string): string {
  return `${apiKey}\n${idemKey}`;
}
