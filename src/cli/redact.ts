/** The CLI's writers redact every secret the run knows (see operations/secrets.ts) before they write. */
import { redact } from '../operations/secrets.js';

export { addSecret, redact, REDACTED } from '../operations/secrets.js';

/** A writer that redacts before it writes. */
export function redacting(write: (text: string) => void): (text: string) => void {
  return (text) => write(redact(text));
}
