/** Free previews in watch mode: which plan steps become previews, and fetching one into the project. */
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import type { PreviewResult } from '../api/wire.js';
import type { ApplyFiles } from '../apply/types.js';
import type { Manifest } from '../model/manifest.js';
import type { Plan, PlanStep } from '../model/plan.js';
import { summarize } from '../plan/build-plan.js';

/** An image asset whose prompt is previewed instead of paid for. */
export interface PreviewTarget {
  id: string;
  prompt: string;
}

/** Where previews are kept (project-relative; inside .masko/, so never committed or indexed). */
export const PREVIEW_DIR = '.masko/previews';

/**
 * Splits a plan for --preview: image assets being created, or regenerated because their
 * image_prompt changed, become previews; generations that depend on them are held back until a real
 * sync (their fingerprint needs the new image). Everything else stays in the plan.
 */
export function splitPreviews(plan: Plan, manifest: Manifest): { plan: Plan; previews: PreviewTarget[]; held: string[] } {
  const previews: PreviewTarget[] = [];
  const drop = new Set<string>();
  for (const s of plan.waves.flat()) {
    const asset = manifest.assets[s.id];
    if (asset?.kind !== 'image') continue;
    if (s.action === 'create' || (s.action === 'regenerate' && s.changed?.includes('image_prompt'))) {
      previews.push({ id: s.id, prompt: asset.image_prompt });
      drop.add(s.id);
    }
  }
  const held: string[] = [];
  const generating = (s: PlanStep) => s.action === 'create' || s.action === 'regenerate';
  for (let grew = true; grew; ) {
    grew = false;
    for (const s of plan.waves.flat()) {
      if (drop.has(s.id) || !generating(s) || !s.depends_on.some((d) => drop.has(d))) continue;
      drop.add(s.id);
      held.push(s.id);
      grew = true;
    }
  }
  const waves = plan.waves.map((w) => w.filter((s) => !drop.has(s.id))).filter((w) => w.length > 0);
  return { plan: { ...plan, waves, summary: summarize(waves) }, previews, held };
}

/** Asks for a preview of `target` and downloads it (verified) to .masko/previews/<id>-<hash>.<ext>. */
export async function fetchPreview(
  api: { preview(collectionId: string, prompt: string, signal?: AbortSignal): Promise<PreviewResult> },
  files: ApplyFiles,
  collection: string,
  target: PreviewTarget,
  signal?: AbortSignal,
): Promise<{ path: string; sha256: string; bytes: number; url: string }> {
  const result = await api.preview(collection, target.prompt, signal);
  const rel = posix.join(PREVIEW_DIR, `${target.id}-${createHash('sha256').update(target.prompt).digest('hex').slice(0, 12)}.${extensionOf(result.preview_url)}`);
  const got = await files.download(result.preview_url, rel, { signal });
  return { path: rel, sha256: got.sha256, bytes: got.bytes, url: result.preview_url };
}

/** The image extension of a preview URL (png when it has none we know). */
export function extensionOf(url: string): string {
  let ext = '';
  try {
    ext = posix.extname(new URL(url).pathname).slice(1).toLowerCase();
  } catch {
    ext = '';
  }
  return ['png', 'jpg', 'jpeg', 'webp'].includes(ext) ? ext : 'png';
}
