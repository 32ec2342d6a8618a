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
