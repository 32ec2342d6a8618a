/** Diagnostics: user mistakes found in a manifest or lock, with byte offsets (line/column computed when printed). */

/** The closed set of diagnostic codes. Tests check codes, not wording. */
export type DiagnosticCode =
  | 'YAML_SYNTAX' // the text is not valid YAML (or has several documents, tabs as indentation, bad bytes)
  | 'DUPLICATE_KEY' // a mapping has the same key twice
  | 'EMPTY_MANIFEST' // nothing in the file
  | 'UNSUPPORTED_VERSION' // `version` is not 1
  | 'SCHEMA_REQUIRED' // a required property is missing
  | 'SCHEMA_UNKNOWN_PROPERTY' // a property that the schema does not allow
  | 'SCHEMA_TYPE' // wrong JSON type
  | 'SCHEMA_ENUM' // value not in the allowed set
  | 'SCHEMA_VALUE' // any other schema violation (length, pattern, range, shape)
  | 'MISSING_COLLECTION' // no `collection`
  | 'INVALID_ID' // an asset id that does not match ^[a-z0-9][a-z0-9_-]{0,63}$
  | 'DUPLICATE_ID' // a `reverse` id that collides with another id
  | 'UNKNOWN_SOURCE' // `source` names an asset that is not defined
  | 'UNKNOWN_END' // `end` names an asset that is not defined
  | 'END_WITHOUT_SOURCE' // `end` given without `source`
  | 'SOURCE_HAS_NO_IMAGE' // `source`/`end` names an asset that produces no image (logo, animate, transition)
  | 'EDIT_SOURCE_NOT_IMAGE' // an edit whose source is not an image asset
  | 'CYCLE' // source/end references form a cycle
  | 'DURATION_OUT_OF_RANGE' // duration outside 1–15 seconds
  | 'OUTPUT_PATH_ABSOLUTE' // an output path that is absolute
  | 'OUTPUT_PATH_ESCAPES' // an output path that leaves the project folder
  | 'OUTPUT_PATH_INVALID' // an output path the file system cannot hold (NUL, a name over 255 bytes) or inside .git/.masko/node_modules
  | 'OUTPUT_PATH_NOT_FOLDER' // an output folder (or one of its parents) is an existing file (found on disk when the CLI loads the project)
  | 'OUTPUT_COLLISION' // two assets would write the same file
  | 'INVALID_TEXT' // a string that is not valid Unicode text (a lone surrogate from a "\ud800" escape)
  | 'INVALID_SHAPE' // fields of several generation shapes mixed (e.g. image_prompt and source on one animation)
  | 'SOURCE_FILE_INVALID' // a file path as `source`/`end`/reference that is absolute, leaves the project, or is not .png/.jpg/.jpeg/.webp
  | 'SOURCE_FILE_MISSING' // a source or reference file that does not exist or is not a regular file (found on disk)
  | 'SOURCE_FILE_NOT_IMAGE' // a source or reference file whose bytes are not PNG, JPEG or WebP (found on disk)
  | 'SOURCE_FILE_TOO_LARGE' // a source or reference file over 10 MB (found on disk)
  | 'MOVED_INVALID' // a `moved:` entry whose new id is not an asset, whose old id still is, or that chains or repeats
  | 'SIZE_INVALID' // a `sizes` entry that is not a whole pixel width from 1 to 4096
  | 'SIZE_DUPLICATE' // the same width twice in one `sizes` list
  | 'SIZE_TOO_LARGE' // a size wider than the asset's own files (known from masko-assets.json once synced)
  | 'FORMAT_DUPLICATE' // the same format twice in one `formats` list
  | 'FORMATS_WITHOUT_IMAGE'; // `formats` on an asset that has no image file (an animation of an image, a transition)

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  /** Byte offsets into the source text (UTF-16 code units of the decoded string). */
  start: number;
  end: number;
  /** Optional hint, e.g. `Did you mean "wave"?` (rendered after the message). */
  hint?: string;
}

/** A diagnostic as printed by `validate --json`. */
export interface RenderedDiagnostic {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  file: string;
  line: number;
  column: number;
}
