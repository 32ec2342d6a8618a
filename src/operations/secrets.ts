/**
 * The API key never reaches a terminal, a log or the gallery, even when a server or proxy echoes it
 * back (an error body quoting the Authorization header). Every text the CLI prints, and every text
 * the gallery shows, passes through `redact`.
 */

/** What a secret prints as. */
export const REDACTED = 'masko_…(redacted)';

const secrets = new Set<string>();

/** Registers a secret (the configured key, the embedded emulator's key) and the forms it could be echoed in. */
export function addSecret(secret: string | undefined): void {
  const s = secret?.trim();
  // Too short to be a key: redacting it would mangle ordinary text.
  if (!s || s.length < 12) return;
  secrets.add(s);
  const hex = s.startsWith('masko_') ? s.slice('masko_'.length) : undefined;
  if (hex && hex.length >= 12) secrets.add(hex);
  secrets.add(Buffer.from(s).toString('base64'));
  secrets.add(Buffer.from(`Bearer ${s}`).toString('base64'));
}

/** `text` with every registered secret replaced (longest first, so a key is not left half-printed). */
export function redact(text: string): string {
  if (secrets.size === 0) return text;
  let out = text;
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) if (out.includes(s)) out = out.split(s).join(REDACTED);
  return out;
}
