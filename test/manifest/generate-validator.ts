/**
 * Generates src/manifest/validate-manifest.generated.ts: ajv's standalone code for the manifest
 * schema (src/manifest/schema.ts), so the CLI never compiles the schema at start-up (~50 ms).
 * Run after changing the schema: `node --import tsx test/manifest/generate-validator.ts`.
 */
import { fileURLToPath } from 'node:url';
import { MANIFEST_AJV_OPTIONS } from '../../src/manifest/compile-schema.js';
import { manifestSchema } from '../../src/manifest/schema.js';
import { standaloneValidatorModule, writeWhenRun } from '../helpers/standalone-validator.js';

export const GENERATED_PATH = fileURLToPath(new URL('../../src/manifest/validate-manifest.generated.ts', import.meta.url));

/** The generated module's text for the current schema (same ajv options as compile-schema.ts). */
export function generateValidatorSource(): string {
  return standaloneValidatorModule(manifestSchema, MANIFEST_AJV_OPTIONS, 'test/manifest/generate-validator.ts from src/manifest/schema.ts', 'the manifest is validated');
}

writeWhenRun(import.meta.url, GENERATED_PATH, generateValidatorSource);
