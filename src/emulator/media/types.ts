/** The media renderer's public types (re-exported by index.ts, which the emulator server imports). */

/**
 * What a generation is about. The character (species, colours, markings, accessories) comes from the
 * collection only: its description and, when given, its reference images' hashes. The prompt sets the
 * pose, props and scene; the seed (item and generation number) varies small details.
 */
export interface MediaInput {
  /** the collection's description */
  description: string;
  /** sha256 (hex) of the collection's reference images, in order (none yet: the emulator takes no uploads) */
  references?: readonly string[];
  prompt: string;
  seed: string;
}

/** Input of an animation: seconds, looping, and an optional end pose for transitions. */
export type AnimationInput = MediaInput & { duration: number; loop: boolean; endPrompt?: string };

/** Input of a logo pack: the style name tints and shapes the badge. */
export type LogoInput = MediaInput & { styleName: string };

/** The three files of an animation: mp4 (H.264), webm (VP9 with alpha), mov (HEVC). */
export interface AnimationFiles {
  video: Buffer;
  webm: Buffer;
  hevc: Buffer;
}

/** Logo pack variant names, all PNG. */
export type LogoVariant = 'logo' | 'logo_transparent' | 'icon' | 'favicon';

/** Formats a placeholder exists for. */
export type PlaceholderFormat = 'png' | 'mp4' | 'webm' | 'mov';

/** Renders every kind of media the emulator serves; same inputs give the same bytes. */
export interface MediaRenderer {
  /** A square PNG (512 px, or `width`), with background or with real alpha. */
  image(input: MediaInput, opts: { transparent: boolean; width?: number }): Promise<Buffer>;
  /** An animation in three containers (256 px, or `size`; fallback clips when no ffmpeg is usable, whatever the size). */
  animation(input: AnimationInput, opts?: { size?: number }): Promise<AnimationFiles>;
  /** Four PNG logo variants (`size`: the width of logo and logo_transparent, 512 by default). */
  logoPack(input: LogoInput, opts?: { size?: number }): Promise<Record<LogoVariant, Buffer>>;
  /** A light, valid file of that format, served until the real one exists. */
  placeholder(format: PlaceholderFormat): Buffer;
  /** Whether animations are encoded by ffmpeg or served from the embedded fallback clips. */
  readonly videoMode: 'ffmpeg' | 'fallback';
}

/** Options of createMediaRenderer. */
export interface MediaRendererOptions {
  /** an explicit ffmpeg binary; `false` disables ffmpeg */
  ffmpegPath?: string | false;
  /** `false` renders no SVG (as when @resvg/resvg-js is not installed): flat PNGs and fallback clips */
  resvg?: false;
  /** 'fallback' never runs ffmpeg */
  mode?: 'real' | 'fallback';
  /** receives one-line notices (e.g. that fallback clips are served) */
  log?: (line: string) => void;
}
