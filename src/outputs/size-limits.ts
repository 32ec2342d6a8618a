/**
 * `SIZE_TOO_LARGE`: a size wider than the file it resizes. The manifest alone cannot know how wide
 * the API's files are; once an asset is synced, masko-assets.json says (read from the files), so
 * every command checks its sizes against that before anything is spent. Nothing is ever upscaled.
 */
import path from 'node:path';
import { SIZED_KEYS } from '../manifest/variant-keys.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Manifest } from '../model/manifest.js';

/** One size too large: the manifest field holding it and what it is wider than. */
export interface SizeProblem {
  id: string;
  size: number;
  key: string;
  width: number;
}

/** Sizes wider than the synced files they resize, per masko-assets.json in `output.dir` (none when it is missing). */
export async function sizeProblems(projectDir: string, manifest: Manifest): Promise<SizeProblem[]> {
  if (!Object.values(manifest.assets).some((a) => a.sizes)) return [];
  // Loaded only for a manifest with sizes: the media readers (image-size and its 26 modules) cost `plan` ~5 ms otherwise.
  const { readPreviousIndex } = await import('./read-media.js');
  const index = await readPreviousIndex(path.join(projectDir, ...manifest.output.dir.split('/'), 'masko-assets.json'));
  const out: SizeProblem[] = [];
  for (const [id, asset] of Object.entries(manifest.assets)) {
    const entry = index?.assets[id];
    if (!asset.sizes || entry?.status !== 'completed' || entry.kind !== asset.kind) continue;
    for (const size of asset.sizes) {
      // Against the narrowest file it resizes: a size is made of each of them.
      const files = SIZED_KEYS[asset.kind].map((k) => [k, entry.files?.[k]?.width] as const).filter((f): f is readonly [string, number] => typeof f[1] === 'number');
      const narrowest = files.sort((a, b) => a[1] - b[1])[0];
      if (narrowest && size > narrowest[1]) out.push({ id, size, key: narrowest[0], width: narrowest[1] });
    }
  }
  return out;
}

/** The problems as positioned diagnostics: at the size in the asset's `sizes`, or in `defaults.sizes`. */
export async function sizeDiagnostics(projectDir: string, manifest: Manifest, text: () => Promise<string>): Promise<Diagnostic[]> {
  const problems = await sizeProblems(projectDir, manifest);
  if (problems.length === 0) return [];
  // The YAML parser is loaded only now.
  const [{ parseYaml }, { Locator }] = await Promise.all([import('../manifest/parse-yaml.js'), import('../manifest/locate.js')]);
  const parsed = parseYaml(await text());
  const locator = parsed.doc ? new Locator(parsed.doc) : undefined;
  const raw = parsed.data as { assets?: Record<string, { sizes?: unknown }>; defaults?: { sizes?: unknown } } | undefined;
  return problems.map((p) => {
    const own = raw?.assets?.[p.id]?.sizes;
    const list = Array.isArray(own) ? own : raw?.defaults?.sizes;
    const field = Array.isArray(own) ? ['assets', p.id, 'sizes'] : ['defaults', 'sizes'];
    const at = Array.isArray(list) ? list.indexOf(p.size) : -1;
    const span = locator?.value(at >= 0 ? [...field, String(at)] : field) ?? { start: 0, end: 0 };
    return {
      code: 'SIZE_TOO_LARGE' as const,
      severity: 'error' as const,
      message: `asset "${p.id}": size ${p.size} is wider than its ${p.key} (${p.width} px, read from the synced file); a size variant is never scaled up`,
      hint: `Use sizes up to ${p.width}${Array.isArray(own) ? '' : `, or give "${p.id}" its own \`sizes\``}.`,
      start: span.start,
      end: Math.max(span.end, span.start + 1),
    };
  });
}
