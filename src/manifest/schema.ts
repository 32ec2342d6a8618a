/**
 * The JSON Schema of masko.yaml v1 (draft 2020-12). This module is the source of truth: the pure
 * loader imports it without reading the disk (the build's rootDir is src/, so it cannot import the
 * JSON file). schema/masko.schema.json is its dump; test/manifest/schema-file.test.ts keeps them equal,
 * and `MASKO_WRITE_SCHEMA=1 npx vitest run test/manifest/schema-file.test.ts` rewrites the file.
 */

const ID_PATTERN = '^[a-z0-9][a-z0-9_-]{0,63}$';

/** The asset id pattern (also the pattern of `reverse` ids). */
export const ASSET_ID_PATTERN = new RegExp(ID_PATTERN);

/**
 * Keywords only editors read (yaml-language-server, VS Code): their own messages for a failed check.
 * ajv is told they exist (compile-schema.ts, the generator) and ignores them.
 */
export const EDITOR_KEYWORDS = ['errorMessage', 'patternErrorMessage'];

const ID_RULE = 'use 1–64 lowercase letters, digits, "-" or "_", starting with a letter or digit';

/**
 * A path that leaves its folder, as a regex: a balanced prefix (each ".." undoing an earlier
 * segment), then one ".." too many. A regex cannot count without bound, so the prefix nests at most
 * ESCAPE_DEPTH segments deep; validate (output-path.ts) catches the deeper ones. "." and empty
 * segments are skipped, as there.
 */
const ESCAPE_DEPTH = 4;
const SKIP = String.raw`(?:\.(?:/|$)|/)`;
const NAMED = String.raw`(?:(?!\.\.?(?:/|$))[^/]+(?:/|$))`;
const UP = String.raw`(?:\.\.(?:/|$))`;
const balanced = (depth: number): string => (depth === 0 ? `${SKIP}*` : `(?:${SKIP}|${NAMED}${balanced(depth - 1)}${UP})*`);

/** Path shapes as JSON Schema, so an editor flags them where validate does (same checks as output-path.ts). */
const pathShape = [
  { pattern: '^(?![A-Za-z]:)', patternErrorMessage: 'Starts with a drive letter: use a path relative to the folder of masko.yaml, e.g. "assets/mascot".' },
  { pattern: String.raw`^(?![/\\])`, patternErrorMessage: 'Absolute path: use a path relative to the folder of masko.yaml, e.g. "assets/mascot".' },
  { pattern: '^(?!~(?:/|$))', patternErrorMessage: 'Points at the home folder: use a path relative to the folder of masko.yaml.' },
  { pattern: String.raw`^[^\\]*$`, patternErrorMessage: 'Uses backslashes: use forward slashes.' },
  { pattern: `^(?!${balanced(ESCAPE_DEPTH)}${UP})`, patternErrorMessage: 'Leaves the project folder: output paths must stay inside the folder of masko.yaml.' },
];

const relativePath = (what: string, examples: string[]) => ({
  type: 'string',
  minLength: 1,
  description: `${what} Relative to the folder of masko.yaml, with forward slashes; it must stay inside that folder.`,
  examples,
  allOf: pathShape,
});

const name = {
  type: 'string',
  minLength: 1,
  maxLength: 200,
  description: 'Display name of the item in Masko. Defaults from the id ("wave-santa" → "Wave santa"). Changing it only renames: it costs nothing.',
  examples: ['Waving hello'],
};

const assetOutput = relativePath('Output folder for this asset\'s files, overriding `output.dir`.', ['assets/logos']);

const assetRef = (role: string, examples: unknown[]) => ({
  description: `${role}: the id of another asset of this manifest, or {asset_id} for an image made elsewhere in Masko.`,
  examples,
  type: ['string', 'object'],
  if: { type: 'object' },
  then: {
    type: 'object',
    additionalProperties: false,
    required: ['asset_id'],
    properties: {
      asset_id: {
        type: 'string',
        minLength: 1,
        description: 'Id of an image asset that already exists in Masko (made outside this manifest).',
        examples: ['ast_01HZX3K9'],
      },
    },
  },
  else: { minLength: 1 },
});

const duration = {
  type: 'integer',
  minimum: 1,
  maximum: 15,
  description: 'Length of the clip in whole seconds (1–15). Costs 5 credits per second.',
  default: 4,
  examples: [4],
};

const loop = {
  type: 'boolean',
  description: 'Whether the clip should loop seamlessly. Not allowed on transitions (the API forces it off).',
  default: false,
  examples: [true],
};

const typeField = (value: string) => ({
  const: value,
  description: 'The kind of asset.',
  examples: [value],
});

const imageAsset = {
  title: 'Image',
  type: 'object',
  description: 'An image generated from a prompt (1 credit).',
  additionalProperties: false,
  required: ['type', 'image_prompt'],
  properties: {
    type: typeField('image'),
    name,
    output: assetOutput,
    image_prompt: {
      type: 'string',
      minLength: 1,
      description: 'What the mascot does or looks like in this pose.',
      examples: ['standing relaxed with a gentle smile'],
    },
  },
};

const animationAsset = {
  title: 'Animation',
  type: 'object',
  description:
    'An animation. Three shapes: from a prompt (image_prompt + animation_prompt), animate an existing image (source + animation_prompt), or a transition (source + end + animation_prompt, optional reverse).',
  additionalProperties: false,
  required: ['type', 'animation_prompt'],
  properties: {
    type: typeField('animation'),
    name,
    output: assetOutput,
    image_prompt: {
      type: 'string',
      minLength: 1,
      description: 'Animation from a prompt: the first frame to generate. Not combined with `source`.',
      examples: ['dance pose, arms raised'],
    },
    animation_prompt: {
      type: 'string',
      minLength: 1,
      description: 'The motion to generate.',
      examples: ['dancing with bouncy moves'],
    },
    source: assetRef('Image to animate (or the first frame of a transition)', ['wave', { asset_id: 'ast_01HZX3K9' }]),
    end: assetRef('Last frame of a transition; needs `source`', ['idle']),
    reverse: {
      description: 'Transitions only: also make the free reverse clip under this id (a string id, or {id, name}).',
      examples: ['wave-to-idle', { id: 'wave-to-idle', name: 'Wave to idle' }],
      type: ['string', 'object'],
      if: { type: 'object' },
      then: {
        type: 'object',
        additionalProperties: false,
        required: ['id'],
        properties: {
          id: { type: 'string', pattern: ID_PATTERN, description: 'Id of the reverse clip.', examples: ['wave-to-idle'] },
          name: { ...name, description: 'Display name of the reverse clip. Defaults from its id.' },
        },
      },
      else: { pattern: ID_PATTERN, patternErrorMessage: `Not a valid id: ${ID_RULE}.` },
    },
    duration,
    loop,
  },
  // Each rule names the field to blame (a `false` property schema), so an editor marks that key, as validate does.
  allOf: [
    {
      if: { required: ['source'] },
      then: {
        properties: { image_prompt: false },
        errorMessage: 'An animation is made either from a prompt (image_prompt) or from an existing image (source), not both: remove one of them.',
      },
      else: { required: ['image_prompt'], errorMessage: 'An animation needs "image_prompt" (animation from a prompt) or "source" (animate an existing image).' },
    },
    {
      if: { required: ['end'] },
      then: { properties: { loop: { const: false, errorMessage: 'A transition never loops (the API forces loop off): remove `loop`, or drop `end`.' } } },
    },
    {
      if: { not: { required: ['source'] } },
      then: { properties: { end: false }, errorMessage: '"end" needs "source": a transition goes from source to end.' },
    },
    {
      if: { not: { required: ['end'] } },
      then: { properties: { reverse: false }, errorMessage: '"reverse" needs "end": reverse clips exist only for transitions (source + end).' },
    },
  ],
};

const editAsset = {
  title: 'Edit',
  type: 'object',
  description: 'An edit of an existing image: new image files on the source\'s item (1 credit).',
  additionalProperties: false,
  required: ['type', 'source', 'edit_instructions'],
  properties: {
    type: typeField('edit'),
    name,
    output: assetOutput,
    source: assetRef('Image to edit (an image or an edit)', ['wave']),
    edit_instructions: {
      type: 'string',
      minLength: 1,
      description: 'What to change in the source image.',
      examples: ['add a santa hat and falling snow'],
    },
  },
};

const logoAsset = {
  title: 'Logo pack',
  type: 'object',
  description: 'A logo pack of the character (20 credits; needs a pro plan).',
  additionalProperties: false,
  required: ['type', 'logo_description', 'logo_style_name', 'logo_style_instruction'],
  properties: {
    type: typeField('logo'),
    name,
    output: assetOutput,
    logo_description: {
      type: 'string',
      minLength: 1,
      description: 'What the logo shows.',
      examples: ['iconic representation of the character face'],
    },
    logo_style_name: { type: 'string', minLength: 1, description: 'Short name of the style.', examples: ['Flat'] },
    logo_style_instruction: {
      type: 'string',
      minLength: 1,
      description: 'How to draw the logo.',
      examples: ['flat design with solid colors, no gradients or shadows'],
    },
  },
};

const whenType = (value: string, ref: string) => ({
  if: { type: 'object', required: ['type'], properties: { type: { const: value } } },
  then: { $ref: ref },
});

/** The manifest JSON Schema object (draft 2020-12). */
export const manifestSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://masko.ai/schema/masko-sync/masko.schema.json',
  title: 'masko.yaml (masko-sync manifest v1)',
  description: 'The mascot assets a project wants. masko-sync makes the disk and the Masko collection match it.',
  type: 'object',
  additionalProperties: false,
  required: ['version', 'collection', 'assets'],
  properties: {
    $schema: { type: 'string', description: 'Optional JSON Schema reference for editors.', examples: ['./node_modules/masko-sync/schema/masko.schema.json'] },
    version: { const: 1, description: 'Manifest format version.', examples: [1], errorMessage: 'Unsupported manifest version: this masko-sync reads version 1.' },
    collection: {
      description: 'The Masko collection (one mascot character): an existing collection id, or {name, description, project} to create it on first sync.',
      examples: ['col_01HZX3K9', { name: 'Pixel the fox', description: 'a small orange fox with big eyes' }],
      type: ['string', 'object'],
      if: { type: 'object' },
      then: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'description'],
        properties: {
          name: { type: 'string', minLength: 1, description: 'Name of the collection to create.', examples: ['Pixel the fox'] },
          description: {
            type: 'string',
            minLength: 1,
            description: 'Character description used for every generation.',
            examples: ['a small orange fox with big eyes, cartoon style'],
          },
          project: {
            type: 'string',
            minLength: 1,
            description: 'Name of the Masko project to create the collection in. Defaults to the collection name.',
            examples: ['My app'],
          },
        },
      },
      else: { minLength: 1 },
    },
    output: {
      type: 'object',
      description: 'Where downloaded files go.',
      examples: [{ dir: 'assets/mascot', typescript: 'src/mascot-assets.ts' }],
      additionalProperties: false,
      properties: {
        dir: { ...relativePath('Folder for the downloaded files and masko-assets.json.', ['assets/mascot']), default: 'masko-assets' },
        typescript: {
          description:
            'Also write a typed TypeScript module of the assets: a path (files addressed relative to the module), or {path, files}. See docs/outputs.md.',
          examples: ['src/mascot-assets.ts', { path: 'src/mascot-assets.ts', files: 'import' }],
          type: ['string', 'object'],
          if: { type: 'object' },
          then: {
            type: 'object',
            additionalProperties: false,
            required: ['path'],
            properties: {
              path: { ...relativePath('The module file (.ts).', ['src/mascot-assets.ts']), pattern: '\\.ts$', patternErrorMessage: 'Must name a .ts file.' },
              files: {
                enum: ['url', 'import', 'cdn', 'public'],
                description:
                  'How the module addresses files: url (new URL relative to the module), import (bundler imports), cdn (the CDN URLs), public (output.public_path strings). Default: public when output.public_path is set, else url.',
                examples: ['import'],
              },
            },
          },
          // The outer `type` already says string-or-mapping: the string form only adds the path shape.
          else: { minLength: 1, allOf: pathShape, pattern: '\\.ts$', patternErrorMessage: 'Must name a .ts file.' },
        },
        public_path: {
          type: 'string',
          pattern: '^(/|https?://)',
          description:
            'The URL at which output.dir is served, e.g. /mascot for output.dir public/mascot in a Vite app. The module then names files as /mascot/<file> strings, and the index adds public_url.',
          examples: ['/mascot'],
        },
        gallery: {
          type: 'boolean',
          default: false,
          description: 'Also write an HTML gallery (index.html) of the assets into the output folder.',
          examples: [true],
        },
      },
    },
    budget: {
      type: 'integer',
      minimum: 0,
      description: 'Refuse a sync whose estimated cost in credits is above this.',
      examples: [100],
    },
    defaults: {
      type: 'object',
      description: 'Defaults for animations.',
      examples: [{ duration: 4, loop: false }],
      additionalProperties: false,
      properties: { duration, loop },
    },
    assets: {
      type: 'object',
      description: 'The assets, keyed by id. Ids are lowercase letters, digits, "-" and "_" (file-name safe).',
      examples: [{ idle: { type: 'image', image_prompt: 'standing relaxed with a gentle smile' } }],
      propertyNames: { pattern: ID_PATTERN, patternErrorMessage: `Not a valid asset id: ${ID_RULE}.` },
      additionalProperties: { $ref: '#/$defs/asset' },
    },
  },
  $defs: {
    asset: {
      title: 'Asset',
      type: 'object',
      description: 'One asset. `type` decides which fields apply.',
      required: ['type'],
      properties: {
        type: {
          enum: ['image', 'animation', 'edit', 'logo'],
          description: 'image | animation (from a prompt, from an image, or a transition) | edit | logo.',
          examples: ['image'],
        },
      },
      allOf: [
        whenType('image', '#/$defs/imageAsset'),
        whenType('animation', '#/$defs/animationAsset'),
        whenType('edit', '#/$defs/editAsset'),
        whenType('logo', '#/$defs/logoAsset'),
      ],
    },
    imageAsset,
    animationAsset,
    editAsset,
    logoAsset,
  },
};
