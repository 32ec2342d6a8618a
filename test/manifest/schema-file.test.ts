// schema/masko.schema.json is the published dump of src/manifest/schema.ts; this keeps them equal.
// Regenerate after editing the TS module: MASKO_WRITE_SCHEMA=1 npx vitest run test/manifest/schema-file.test.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { manifestSchema } from '../../src/manifest/schema.js';

const file = fileURLToPath(new URL('../../schema/masko.schema.json', import.meta.url));

if (process.env.MASKO_WRITE_SCHEMA === '1') writeFileSync(file, JSON.stringify(manifestSchema, null, 2) + '\n');

/** Every named property schema below `properties`, with its JSON path. */
function propertySchemas(node: unknown, path: string, out: [string, Record<string, unknown>][] = []): [string, Record<string, unknown>][] {
  if (typeof node !== 'object' || node === null) return out;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties' && typeof value === 'object' && value !== null) {
      for (const [name, sub] of Object.entries(value)) {
        out.push([`${path}/properties/${name}`, sub as Record<string, unknown>]);
        propertySchemas(sub, `${path}/properties/${name}`, out);
      }
    } else if (key !== 'examples' && key !== 'default') {
      propertySchemas(value, `${path}/${key}`, out);
    }
  }
  return out;
}

describe('schema/masko.schema.json', () => {
  it('equals the schema the loader uses (src/manifest/schema.ts)', () => {
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(JSON.parse(JSON.stringify(manifestSchema)));
  });

  it('is draft 2020-12 with an $id', () => {
    expect(manifestSchema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(manifestSchema.$id).toMatch(/^https:\/\//);
  });

  it('gives every property outside if-conditions a description and examples', () => {
    // `false` property schemas are prohibitions (a field another one rules out), not fields.
    const props = propertySchemas(manifestSchema, '#').filter(([path, s]) => typeof s === 'object' && !/\/(if|not)\//.test(path) && !/\/then\/properties\/loop$/.test(path));
    expect(props.length).toBeGreaterThan(30);
    const missing = props.filter(([, s]) => typeof s.description !== 'string' || !Array.isArray(s.examples)).map(([p]) => p);
    expect(missing).toEqual([]);
  });

  it('closes every object schema with additionalProperties: false (assets map excepted)', () => {
    const objects: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (typeof node !== 'object' || node === null) return;
      const s = node as Record<string, unknown>;
      if (s.properties && !/\/(if)$/.test(path) && s.additionalProperties !== false) objects.push(path);
      for (const [k, v] of Object.entries(s)) if (k !== 'examples' && k !== 'default') walk(v, `${path}/${k}`);
    };
    walk(manifestSchema, '#');
    // $defs/asset only discriminates on `type`, and allOf branches refine a closed object;
    // the per-type schemas they apply are closed.
    expect(objects.filter((p) => !p.endsWith('/if') && p !== '#/$defs/asset' && !p.includes('/allOf/'))).toEqual([]);
  });
});

describe('pre-generated manifest validator', () => {
  it('is up to date with src/manifest/schema.ts (regenerate: node --import tsx test/manifest/generate-validator.ts)', async () => {
    const { readFile } = await import('node:fs/promises');
    const { generateValidatorSource, GENERATED_PATH } = await import('./generate-validator.js');
    expect(await readFile(GENERATED_PATH, 'utf8')).toBe(generateValidatorSource());
  });

  it('reports the same errors as a validator compiled at run time', async () => {
    const { compileManifestValidator, manifestValidator } = await import('../../src/manifest/index.js');
    const compiled = await compileManifestValidator();
    const samples: unknown[] = [
      { version: 1, collection: 'c', assets: { a: { type: 'image', image_prompt: 'x' } } },
      { version: 2, collection: 5, assets: { a: { type: 'imag', extra: 1 } } },
      { version: 1, collection: 'c', assets: { a: { type: 'animation', source: 'b', image_prompt: '' } } },
    ];
    for (const sample of samples) {
      const generated = manifestValidator();
      const okGenerated = generated(sample);
      const okCompiled = compiled(sample);
      expect(okGenerated).toBe(okCompiled);
      const strip = (errs: typeof generated.errors) => (errs ?? []).map((e) => [e.keyword, e.instancePath, e.schemaPath]);
      expect(strip(generated.errors)).toEqual(strip(compiled.errors));
    }
  });
});

describe('what editors get from the schema', () => {
  it('gives every $defs entry a title (completion shows it, never the $defs name)', () => {
    expect(Object.entries(manifestSchema.$defs).filter(([, d]) => typeof (d as { title?: unknown }).title !== 'string').map(([k]) => k)).toEqual([]);
  });

  it('uses if/then rather than oneOf or not (editors word those as "Matches a schema that is not allowed")', () => {
    const found: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (typeof node !== 'object' || node === null) return;
      for (const [k, v] of Object.entries(node)) {
        // Inside `if`, a `not` is only a condition: nothing is reported from there.
        if ((k === 'oneOf' || k === 'anyOf' || k === 'not') && !path.includes('/if')) found.push(`${path}/${k}`);
        if (k !== 'examples' && k !== 'default') walk(v, `${path}/${k}`);
      }
    };
    walk(manifestSchema, '#');
    expect(found).toEqual([]);
  });

  it('rejects exactly the output paths validate rejects (escapes up to 4 folders deep; deeper ones only validate sees)', async () => {
    const fc = await import('fast-check');
    const { checkOutputPath } = await import('../../src/manifest/output-path.js');
    const patterns = manifestSchema.properties.output.properties.dir.allOf.map((p) => new RegExp(p.pattern, 'u'));
    const segment = fc.constantFrom('a', 'bc', '..', '.', '', '...', '.hidden', 'x\\y', 'C:', '~', 'd:x');
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 9 }), fc.boolean(), (parts, leadingSlash) => {
        const p = (leadingSlash ? '/' : '') + parts.join('/');
        if (p === '') return;
        const schemaOk = patterns.every((r) => r.test(p));
        const validateOk = checkOutputPath(p).ok;
        if (!schemaOk) expect(validateOk, p).toBe(false);
        // Every rejection but a deep escape is the schema's too.
        const named = parts.filter((s) => s !== '' && s !== '.' && s !== '..').length;
        if (!validateOk && named <= 4) expect(schemaOk, p).toBe(false);
      }),
      { numRuns: 3000, seed: 12 },
    );
  });
});
