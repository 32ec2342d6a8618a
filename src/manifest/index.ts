/** The manifest layer: masko.yaml text → normalised Manifest + diagnostics (pure), and their rendering. */
export { loadManifest, type LoadResult } from './load-manifest.js';
export { renderDiagnostics, toRenderedDiagnostics, LineIndex } from './render.js';
export { manifestSchema, ASSET_ID_PATTERN } from './schema.js';
export { manifestValidator, compileManifestValidator } from './compile-schema.js';
export { nameFromId, DEFAULTS } from './normalise.js';
export { checkOutputPath } from './output-path.js';
export { outputFolders, type OutputFolder } from './output-spans.js';
export { fieldSpans } from './field-spans.js';
