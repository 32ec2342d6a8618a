/** The ajv validator of the manifest schema: generated ahead of time (no compile at start-up). */
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { EDITOR_KEYWORDS, manifestSchema } from './schema.js';
import { validate as generated } from './validate-manifest.generated.js';

let cached: ValidateFunction | undefined;

/**
 * ajv's options for the manifest schema (also the generator's). verbose: errors carry the failing
 * (parent) schema, which names the allowed properties for hints; the editors' message keywords are known.
 */
export const MANIFEST_AJV_OPTIONS = { allErrors: true, verbose: true, allowUnionTypes: true, keywords: EDITOR_KEYWORDS };

/** Compiles a fresh validator (tens of ms); most callers want `manifestValidator()`. */
export async function compileManifestValidator(): Promise<ValidateFunction> {
  const { Ajv2020 } = await import('ajv/dist/2020.js');
  const ajv = new Ajv2020(MANIFEST_AJV_OPTIONS);
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
