/** Turns ajv's errors into diagnostics with codes, friendly messages and the span of the offending node. */
import type { ErrorObject } from 'ajv/dist/2020.js';
import type { Diagnostic, DiagnosticCode } from '../model/diagnostic.js';
import type { Span } from '../model/manifest.js';
import { diag, pathDiagnostic } from './check-semantics.js';
import { describePath, fromPointer, jsonTypeOf, valueAt } from './json-path.js';
import type { Locator } from './locate.js';
import { manifestSchema, MAX_SIZE } from './schema.js';
import { didYouMean, nearest } from './suggest.js';

const assetDefs = {
  image: manifestSchema.$defs.imageAsset,
  animation: manifestSchema.$defs.animationAsset,
  edit: manifestSchema.$defs.editAsset,
  logo: manifestSchema.$defs.logoAsset,
};

/** Field → asset types that accept it, to tell a misplaced field (INVALID_SHAPE) from a typo. */
const fieldOwners = new Map<string, string[]>();
for (const [type, def] of Object.entries(assetDefs)) {
  for (const field of Object.keys(def.properties)) fieldOwners.set(field, [...(fieldOwners.get(field) ?? []), type]);
}
fieldOwners.set('imported', [...manifestSchema.$defs.importedAsset.properties.type.enum]);

interface Context {
  data: unknown;
  locator: Locator;
}

/** Maps ajv errors to diagnostics (one per real problem; ajv's bookkeeping errors are dropped). */
export function mapSchemaErrors(errors: ErrorObject[], data: unknown, locator: Locator): Diagnostic[] {
  const ctx: Context = { data, locator };
  const redundant = redundancyFilter(errors);
  const out: Diagnostic[] = [];
  for (const err of errors) {
    // "must match then schema" only repeats the inner error; propertyNames' inner pattern likewise.
    if (err.keyword === 'if') continue;
    if (err.keyword === 'pattern' && err.propertyName !== undefined) continue;
    if (redundant(err)) continue;
    const d = mapOne(err, ctx);
    if (d) out.push(d);
  }
  return out;
}

/** The schema's path-shape patterns sit in an allOf of the path field (schema.ts `pathShape`). */
const PATH_SHAPE = /\/allOf\/\d+\/pattern$/;

function mapOne(err: ErrorObject, ctx: Context): Diagnostic | undefined {
  const path = fromPointer(err.instancePath);
  const last = path[path.length - 1];
  const value = valueAt(ctx.data, path);
  const at = diag;
  const where = describePath(path);
  const params = err.params as Record<string, unknown>;
  const size = sizeDiagnostic(err, path, value, ctx);
  if (size) return size;
  switch (err.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      if (path.length === 0 && missing === 'collection') {
        return at('MISSING_COLLECTION', 'the manifest has no "collection"', ctx.locator.key([]), 'Add `collection: <id>` or `collection: {name, description}`.');
      }
      if (isEitherOr(err)) {
        return at('SCHEMA_REQUIRED', `${where} needs "image_prompt" (animation from a prompt) or "source" (animate an existing image)`, ctx.locator.key(path));
      }
      return at('SCHEMA_REQUIRED', `${where} is missing the required field "${missing}"`, ctx.locator.key(path));
    }
    case 'additionalProperties': {
      const field = String(params.additionalProperty);
      const span = ctx.locator.key([...path, field]);
      if (isAssetPath(path) && (value as Record<string, unknown>).imported === true && field !== 'imported') {
        return at('INVALID_SHAPE', `${where} is imported (what made it is unknown) but has "${field}"`, span, `To make it from its fields, remove \`imported: true\` (it is then regenerated, paid); otherwise remove "${field}".`);
      }
      const owners = fieldOwners.get(field);
      const assetType = isAssetPath(path) ? (value as Record<string, unknown>).type : undefined;
      if (owners && typeof assetType === 'string') {
        const an = /^[aeiou]/.test(assetType) ? 'an' : 'a';
        return at('INVALID_SHAPE', `${where}: "${field}" does not belong on ${an} ${assetType} asset (it is a field of ${owners.join(' and ')} assets)`, span, shapeHint(field, assetType));
      }
      const allowed = Object.keys((err.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      // `{ image_prompt: dance pose, arms raised }`: the comma ended the value and "arms raised" became a key.
      const splitByComma = field.includes(' ') && valueAt(ctx.data, [...path, field]) === null;
      const hint = splitByComma ? 'Inside { … } a comma ends a value: quote text that contains commas, e.g. "dance pose, arms raised".' : didYouMean(field, allowed);
      return at('SCHEMA_UNKNOWN_PROPERTY', `${where} has an unknown field "${field}"`, span, hint);
    }
    case 'propertyNames': {
      const id = String(params.propertyName);
      return at('INVALID_ID', `asset id "${id}" is not allowed: use 1–64 lowercase letters, digits, "-" or "_", starting with a letter or digit`, ctx.locator.key([...path, id]));
    }
    case 'type': {
      if (last === 'duration' && typeof value === 'number') return durationOutOfRange(where, value, at, ctx.locator.value(path));
      const expected = [params.type].flat().map(String).join(' or ');
      return at('SCHEMA_TYPE', `${where} must be ${article(expected)}, found ${jsonTypeOf(value)}`, ctx.locator.value(path));
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const hint = typeof value === 'string' ? didYouMean(value, allowed) : undefined;
      return at('SCHEMA_ENUM', `${where} must be one of ${allowed.join(', ')}, found ${JSON.stringify(value)}`, ctx.locator.value(path), hint);
    }
    case 'const': {
      if (path.length === 1 && last === 'version') {
        return at('UNSUPPORTED_VERSION', `unsupported manifest version ${JSON.stringify(value)}; this masko-sync reads version 1`, ctx.locator.value(path));
      }
      if (last === 'loop') {
        return at('INVALID_SHAPE', `${describePath(path.slice(0, -1))} is a transition, which never loops (the API forces loop off)`, ctx.locator.key(path), 'Remove `loop`, or drop `end` to animate a single image.');
      }
      return at('SCHEMA_ENUM', `${where} must be ${JSON.stringify(params.allowedValue)}`, ctx.locator.value(path));
    }
    case 'false schema': {
      // A field an animation's other fields rule out (schema.ts, animationAsset.allOf).
      const asset = path.slice(0, -1);
      const owner = describePath(asset);
      if (last === 'image_prompt') {
        // both `source` and `image_prompt`: point at whichever comes second in the text.
        const a = ctx.locator.key([...asset, 'source']);
        const b = ctx.locator.key([...asset, 'image_prompt']);
        return at('INVALID_SHAPE', `${owner} has both "image_prompt" and "source": an animation is either made from a prompt or from an existing image`, a.start > b.start ? a : b, 'Remove one of them.');
      }
      if (last === 'asset_id') {
        return at('INVALID_SHAPE', `${owner} has both "url" and "asset_id": an image is either uploaded from a URL or one already in Masko`, ctx.locator.key(path), 'Keep one of them.');
      }
      if (last === 'formats') {
        return at('FORMATS_WITHOUT_IMAGE', `${owner} animates an existing image, so it has no image file to make web formats of`, ctx.locator.key(path), 'Remove `formats` here; put them on the image it animates.');
      }
      if (last === 'end') {
        return at('END_WITHOUT_SOURCE', `${owner} has "end" but no "source": a transition goes from source to end`, ctx.locator.key(path), 'Add `source: <id>`.');
      }
      return at('INVALID_SHAPE', `${owner} has "${String(last)}" but no "end": reverse clips exist only for transitions (source + end)`, ctx.locator.key(path));
    }
    case 'minimum':
    case 'maximum':
      if (last === 'duration' && typeof value === 'number') return durationOutOfRange(where, value, at, ctx.locator.value(path));
      return at('SCHEMA_VALUE', `${where} ${err.message ?? 'is out of range'}`, ctx.locator.value(path));
    case 'pattern':
      // The same diagnostic as the semantic check of paths (deduplicated by the loader).
      if (PATH_SHAPE.test(err.schemaPath) && typeof value === 'string') return pathDiagnostic(path, value, ctx.locator);
      if (last === 'reverse' || (last === 'id' && path[path.length - 2] === 'reverse')) {
        return at('INVALID_ID', `reverse id ${JSON.stringify(value)} is not allowed: use 1–64 lowercase letters, digits, "-" or "_"`, ctx.locator.value(path));
      }
      if (last === 'public_path' && path.length === 2) return at('SCHEMA_VALUE', `${where} must start with "/" or "https://"`, ctx.locator.value(path), 'e.g. `public_path: /mascot` when output.dir is public/mascot.');
      if (last === 'typescript' || (last === 'path' && path[path.length - 2] === 'typescript')) return at('SCHEMA_VALUE', `${where} must name a .ts file`, ctx.locator.value(path));
      if (last === 'url') return at('SCHEMA_VALUE', `${where} must be an http:// or https:// URL, found ${JSON.stringify(value)}`, ctx.locator.value(path), 'e.g. `{ url: "https://example.com/mascot.png" }`; for a file of the project write its path (./art/mascot.png).');
      return at('SCHEMA_VALUE', `${where} ${err.message ?? 'is not valid'}`, ctx.locator.value(path));
    case 'maxItems':
      if (last === 'references') return at('SCHEMA_VALUE', `${where} lists ${Array.isArray(value) ? value.length : 'too many'} images; a Masko collection keeps at most ${String(params.limit)} references`, ctx.locator.value(path), 'Keep the 6 that show the character best.');
      return at('SCHEMA_VALUE', `${where} ${err.message ?? 'has too many items'}`, ctx.locator.value(path));
    case 'minItems':
      if (last === 'references') return at('SCHEMA_VALUE', `${where} is empty`, ctx.locator.value(path), 'List 1 to 6 images of the character, or remove `references` to make the collection from its description alone.');
      return at('SCHEMA_VALUE', `${where} ${err.message ?? 'has too few items'}`, ctx.locator.value(path));
    case 'minLength':
      return at('SCHEMA_VALUE', `${where} must not be empty`, ctx.locator.value(path));
    case 'maxLength':
      return at('SCHEMA_VALUE', `${where} is too long (at most ${String(params.limit)} characters)`, ctx.locator.value(path));
    default:
      return at('SCHEMA_VALUE', `${where} ${err.message ?? 'is not valid'}`, ctx.locator.value(path));
  }
}

/** The "image_prompt or source" rule of an animation (schema.ts, animationAsset.allOf[0]). */
function isEitherOr(err: ErrorObject): boolean {
  return err.schemaPath.includes('animationAsset/allOf/0/else/');
}

/**
 * `sizes` and `formats` lists: a width that is not a whole number from 1 to MAX_SIZE (SIZE_INVALID),
 * a width or format given twice (SIZE_DUPLICATE, FORMAT_DUPLICATE) at the second occurrence.
 */
function sizeDiagnostic(err: ErrorObject, path: string[], value: unknown, ctx: Context): Diagnostic | undefined {
  const list = err.keyword === 'uniqueItems' ? path[path.length - 1] : path[path.length - 2];
  if (list !== 'sizes' && list !== 'formats') return undefined;
  const where = describePath(path);
  if (err.keyword === 'uniqueItems') {
    const { i, j } = err.params as { i: number; j: number };
    const second = Math.max(i, j);
    const item = valueAt(ctx.data, [...path, String(second)]);
    const code = list === 'sizes' ? 'SIZE_DUPLICATE' : 'FORMAT_DUPLICATE';
    return diag(code, `${where} lists ${JSON.stringify(item)} twice`, ctx.locator.value([...path, String(second)]), 'Each size or format once: remove the repeat.');
  }
  if (list !== 'sizes' || !['type', 'minimum', 'maximum'].includes(err.keyword)) return undefined;
  return diag('SIZE_INVALID', `${where} is ${JSON.stringify(value)}; a size is a whole pixel width from 1 to ${MAX_SIZE}`, ctx.locator.value(path), 'e.g. `sizes: [480, 360]`.');
}

type At = (code: DiagnosticCode, message: string, span: Span, hint?: string) => Diagnostic;

function durationOutOfRange(where: string, value: number, at: At, span: Span): Diagnostic {
  return at('DURATION_OUT_OF_RANGE', `${where} is ${value}; a duration is whole seconds from 1 to 15`, span);
}

function shapeHint(field: string, assetType: string): string | undefined {
  if (assetType === 'image' && field === 'source') return 'To change an existing image use `type: edit`; to animate it use `type: animation`.';
  if (assetType === 'image' && field === 'animation_prompt') return 'Use `type: animation` for a moving asset.';
  return undefined;
}

function isAssetPath(path: readonly string[]): boolean {
  return path.length === 2 && path[0] === 'assets';
}

function article(expected: string): string {
  const map: Record<string, string> = { object: 'a mapping', array: 'a list', integer: 'an integer', string: 'a string', boolean: 'true or false', number: 'a number' };
  return expected
    .split(' or ')
    .map((t) => map[t] ?? t)
    .join(' or ');
}

/** Follow-on noise: "required X" when an unknown key next to it is a typo of X, or when `end` lacks `source`. */
function redundancyFilter(errors: ErrorObject[]): (err: ErrorObject) => boolean {
  const typos = new Set<string>();
  const endWithoutSource = new Set<string>();
  for (const err of errors) {
    const params = err.params as Record<string, unknown>;
    if (err.keyword === 'additionalProperties') {
      const field = String(params.additionalProperty);
      const required = ((err.parentSchema as { required?: string[] } | undefined)?.required ?? []).concat('image_prompt', 'source');
      const near = nearest(field, required);
      if (near) typos.add(`${err.instancePath}|${near}`);
    }
    if (err.keyword === 'false schema' && err.instancePath.endsWith('/end')) endWithoutSource.add(err.instancePath.slice(0, -'/end'.length));
  }
  return (err) => {
    if (err.keyword !== 'required') return false;
    const missing = String((err.params as Record<string, unknown>).missingProperty);
    if (typos.has(`${err.instancePath}|${missing}`)) return true;
    const eitherOr = isEitherOr(err);
    return eitherOr && (endWithoutSource.has(err.instancePath) || typos.has(`${err.instancePath}|source`));
  };
}
