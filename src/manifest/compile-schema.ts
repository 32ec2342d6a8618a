/** The ajv validator of the manifest schema, compiled once per process on first use. */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { manifestSchema } from './schema.js';

let cached: ValidateFunction | undefined;

/** Compiles a fresh validator (tens of ms); most callers want `manifestValidator()`. */
export function compileManifestValidator(): ValidateFunction {
  // verbose: errors carry the failing (parent) schema, which names the allowed properties for hints.
  const ajv = new Ajv2020({ allErrors: true, verbose: true, allowUnionTypes: true });
  return ajv.compile(manifestSchema);
}

/** The shared validator, compiled lazily and cached. */
export function manifestValidator(): ValidateFunction {
  cached ??= compileManifestValidator();
  return cached;
}

/** Runs the schema over a plain value and returns ajv's raw errors (empty when valid). */
export function schemaErrors(data: unknown): ErrorObject[] {
  const validate = manifestValidator();
  return validate(data) ? [] : [...(validate.errors ?? [])];
}
