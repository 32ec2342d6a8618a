/** Types of a validated, normalised manifest (v1). Types only: no logic, no imports from elsewhere. */

/** The kinds of generation a manifest asset maps to. `reverse` is the free return clip of a transition. */
export type AssetKind = 'image' | 'animation' | 'animate' | 'transition' | 'edit' | 'logo' | 'reverse';

/** The manifest's `type` field as written by users. */
export type ManifestAssetType = 'image' | 'animation' | 'edit' | 'logo';

/** An image brought from outside Masko: a project file or a public URL, uploaded (free) before use. */
export type ImageSource = { kind: 'file'; path: string } | { kind: 'url'; url: string };

/** A reference to an image: another asset of this manifest, an asset made elsewhere, or a file or URL to upload. */
export type AssetRef = { kind: 'local'; id: string } | { kind: 'external'; assetId: string } | ImageSource;

/** The collection: an existing id, or a definition created on first sync. */
export type CollectionSpec =
  | { kind: 'id'; id: string }
  | { kind: 'define'; name: string; description: string; project?: string; references?: ImageSource[] };

/** Byte span in the manifest text (start inclusive, end exclusive). */
export interface Span {
  start: number;
  end: number;
}

interface AssetBase {
  /** The asset id (manifest key). */
  id: string;
  /** Display name (item name); defaults from the id. */
  name: string;
  /** Output folder relative to the project folder (POSIX separators). */
  outputDir: string;
  /** Where the asset is declared, for diagnostics. */
  span?: Span;
  /** `revision:` (a re-roll a commit can carry); in the fingerprint only when written. */
  revision?: number;
  /** `imported: true`: made outside masko-sync with inputs unknown; its fingerprint is {collection, kind, imported}. */
  imported?: boolean;
  /** Widths of the size variants wanted (`sizes`, or `defaults.sizes`), largest first; absent for none. */
  sizes?: number[];
  /** Web formats derived from the asset's PNG files and their sizes (`formats`), in manifest order; absent for none. */
  formats?: ImageFormat[];
}

/** A web format masko-sync derives from PNG files (`formats` in masko.yaml). */
export type ImageFormat = 'webp' | 'avif';

export interface ImageAsset extends AssetBase {
  kind: 'image';
  image_prompt: string;
}
/** Animation from a prompt: an image is generated, then animated. */
export interface AnimationAsset extends AssetBase {
  kind: 'animation';
  image_prompt: string;
  animation_prompt: string;
  duration: number;
  loop: boolean;
}
/** Animate an existing image (`source`). */
export interface AnimateAsset extends AssetBase {
  kind: 'animate';
  source: AssetRef;
  animation_prompt: string;
  duration: number;
  loop: boolean;
}
/** Transition from `source` to `end`; optional free reverse clip with its own id. */
export interface TransitionAsset extends AssetBase {
  kind: 'transition';
  source: AssetRef;
  end: AssetRef;
  animation_prompt: string;
  duration: number;
  reverse?: { id: string; name: string };
}
/** Edit of an image: new assets on the source's item. */
export interface EditAsset extends AssetBase {
  kind: 'edit';
  source: AssetRef;
  edit_instructions: string;
}
export interface LogoAsset extends AssetBase {
  kind: 'logo';
  logo_description: string;
  logo_style_name: string;
  logo_style_instruction: string;
}
/** The reverse clip of a transition, derived from it (never written by hand). */
export interface ReverseAsset extends AssetBase {
  kind: 'reverse';
  /** Id of the transition this clip is the reverse of. */
  parent: string;
}

export type Asset =
  | ImageAsset
  | AnimationAsset
  | AnimateAsset
  | TransitionAsset
  | EditAsset
  | LogoAsset
  | ReverseAsset;

/** How the generated TypeScript module addresses files (`output.typescript.files`). */
export type ModuleFilesMode = 'url' | 'import' | 'cdn' | 'public';

/** A validated manifest with defaults applied and reverse clips expanded into their own assets. */
export interface Manifest {
  version: 1;
  collection: CollectionSpec;
  output: {
    dir: string;
    /** Path of the TypeScript module (`output.typescript`, or its `path`). */
    typescript?: string;
    /** `output.typescript.files` when written; absent means the default (see docs/outputs.md). */
    typescriptFiles?: ModuleFilesMode;
    /** `output.public_path` without a trailing slash: the URL at which `dir` is served. */
    publicPath?: string;
    gallery: boolean;
  };
  budget?: number;
  /** `moved:` old asset id → new asset id (renames kept for free, as Terraform's moved blocks). */
  moved?: Record<string, string>;
  /** Assets keyed by id, in manifest order (reverse clips right after their transition). */
  assets: Record<string, Asset>;
}

/** Dependency graph of a manifest: edges point from an asset to the assets it needs. */
export interface AssetGraph {
  /** id → ids it depends on (local `source`/`end`, and a reverse's parent). */
  dependsOn: Record<string, string[]>;
  /** id → ids that depend on it. */
  dependants: Record<string, string[]>;
  /** Topological waves: every asset's dependencies are in earlier waves. Ids sorted within a wave. */
  waves: string[][];
}
