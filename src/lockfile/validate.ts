/** Validates a lock against schema/masko-lock.schema.json with ajv's precompiled standalone code (no compile at start-up). */
import type { ErrorObject } from 'ajv/dist/2020.js';
import generated from './validate-lock.generated.js';

/** ajv's validate function shape: errors set after a failed call. */
type ValidateFunction = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
const validate = generated as unknown as ValidateFunction;

/** A schema violation: where (JSON pointer) and what, in words. */
export interface LockViolation {
  pointer: string;
  message: string;
}

/** Schema violations of a parsed lock (empty when valid). */
export function lockViolations(data: unknown): LockViolation[] {
  if (validate(data)) return [];
  return (validate.errors ?? []).map((e) => describe(e, data));
}

/**
 * The schema's patterns in words. A person fixing a lock by hand (or reviewing a pull request that
 * planted a path) should read what the value must be, not a regular expression of lookaheads.
 * A pattern missing here falls back to ajv's wording.
 */
const PATTERN_WORDS: ReadonlyMap<string, string> = new Map([
  ['^(?![/\\\\])(?![A-Za-z]:)(?!.*\\\\)(?!(.*/)?\\.\\.(/|$)).+$', 'must be a relative path inside the project, with "/" between folders (no leading "/", drive letter, backslash or ".." segment)'],
  ['^sha256:[0-9a-f]{64}$', 'must be "sha256:" followed by 64 lowercase hex digits'],
  ['^[0-9a-f]{64}$', 'must be 64 lowercase hex digits (a SHA-256)'],
  ['^https?://', 'must be an http or https URL'],
  ['\\S', 'must not be blank'],
  ['^[a-z0-9][a-z0-9_-]{0,63}$', 'must be an asset id: lowercase letters, digits, "-" and "_", at most 64, starting with a letter or digit'],
  ['^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$', 'must be a UTC time such as "2026-01-31T12:00:00Z"'],
]);

/** The value at an ajv instance path (a JSON pointer) of the data it checked. */
function valueAt(data: unknown, pointer: string): unknown {
  let at = data;
  for (const s of pointer.split('/').slice(1)) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[s.replaceAll('~1', '/').replaceAll('~0', '~')];
  }
  return at;
}

/** ", found <value>" (long text cut), or nothing for a value that is not there. */
function found(value: unknown): string {
  if (value === undefined) return '';
  const json = JSON.stringify(value) ?? String(value);
  return `, found ${json.length > 80 ? `${json.slice(0, 80)}…` : json}`;
}

function describe(e: ErrorObject, data: unknown): LockViolation {
  const at = e.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
    .join('.');
  const subject = at === '' ? 'the lock' : at;
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return { pointer: e.instancePath, message: `${subject}: missing required property "${String(params['missingProperty'])}"` };
    case 'additionalProperties':
      return {
        pointer: `${e.instancePath}/${String(params['additionalProperty'])}`,
        message: `${subject}: property "${String(params['additionalProperty'])}" is not allowed`,
      };
    case 'enum': {
      const allowed = (params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v));
      return { pointer: e.instancePath, message: `${subject} must be ${allowed.length === 1 ? allowed[0] : `one of ${allowed.join(', ')}`}${found(valueAt(data, e.instancePath))}` };
    }
    case 'pattern': {
      const words = PATTERN_WORDS.get(String(params['pattern']));
      if (words === undefined) break;
      const value = valueAt(data, e.instancePath);
      const shown = typeof value === 'string' ? ` ${JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value)}` : '';
      return { pointer: e.instancePath, message: `${subject}${shown} ${words}` };
    }
    case 'propertyNames':
      return { pointer: `${e.instancePath}/${String(params['propertyName'])}`, message: `${subject}: "${String(params['propertyName'])}" is not a valid key` };
    default:
      break;
  }
  return { pointer: e.instancePath, message: `${subject} ${e.message ?? 'is invalid'}` };
}
