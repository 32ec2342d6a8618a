/** The ajv validator of the manifest schema: generated ahead of time (no compile at start-up). */
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { manifestSchema } from './schema.js';
import { validate as generated } from './validate-manifest.generated.js';

let cached: ValidateFunction | undefined;

/** Compiles a fresh validator (tens of ms); most callers want `manifestValidator()`. */
export async function compileManifestValidator(): Promise<ValidateFunction> {
  const { Ajv2020 } = await import('ajv/dist/2020.js');
  // verbose: errors carry the failing (parent) schema, which names the allowed properties for hints.
  const ajv = new Ajv2020({ allErrors: true, verbose: true, allowUnionTypes: true });
  return ajv.compile(manifestSchema);
}

/** The shared validator: ajv's standalone code for the schema (test/manifest/generate-validator.ts). */
export function manifestValidator(): ValidateFunction {
  cached ??= generated as unknown as ValidateFunction;
  return cached;
}

/** Runs the schema over a plain value and returns ajv's raw errors (empty when valid). */
export function schemaErrors(data: unknown): ErrorObject[] {
  const validate = manifestValidator();
  return validate(data) ? [] : [...(validate.errors ?? [])];
}
