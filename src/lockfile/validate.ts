/** Validates a lock against schema/masko-lock.schema.json with ajv (compiled once, on first use). */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';

let cached: ValidateFunction | undefined;

/** The schema file shipped with the package (dist/lockfile and src/lockfile both sit two levels below it). */
export const LOCK_SCHEMA_URL = new URL('../../schema/masko-lock.schema.json', import.meta.url);

function validator(): ValidateFunction {
  if (!cached) {
    const schema = JSON.parse(readFileSync(LOCK_SCHEMA_URL, 'utf8')) as object;
    cached = new Ajv2020({ allErrors: true }).compile(schema);
  }
  return cached;
}

/** A schema violation: where (JSON pointer) and what, in words. */
export interface LockViolation {
  pointer: string;
  message: string;
}

/** Schema violations of a parsed lock (empty when valid). */
export function lockViolations(data: unknown): LockViolation[] {
  const validate = validator();
  if (validate(data)) return [];
  return (validate.errors ?? []).map(describe);
}

function describe(e: ErrorObject): LockViolation {
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
    case 'enum':
      return {
        pointer: e.instancePath,
        message: `${subject} must be one of ${(params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
      };
    case 'propertyNames':
      return { pointer: `${e.instancePath}/${String(params['propertyName'])}`, message: `${subject}: "${String(params['propertyName'])}" is not a valid key` };
    default:
      return { pointer: e.instancePath, message: `${subject} ${e.message ?? 'is invalid'}` };
  }
}
