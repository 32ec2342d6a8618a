/** The static contact sheet's HTML: relative links, escaping, states, deterministic. */
import { describe, expect, test } from 'vitest';
import { galleryHtml } from '../../src/gallery/write-gallery.js';
import { loadManifest } from '../../src/manifest/index.js';
import type { Lockfile } from '../../src/model/lock.js';

const text = `version: 1
collection: { name: "Fox <script>", description: an orange fox }
output: { dir: site/gallery, gallery: true }
assets:
  idle: { type: image, image_prompt: "standing & <b>relaxed</b>", output: art/images }
  wave: { type: image, image_prompt: "waving" }
  broken: { type: image, image_prompt: "falls over" }
`;

const file = (path: string, sha: string) => ({ asset_id: 'a', url: 'https://assets.masko.ai/x', path, bytes: 1, sha256: sha.repeat(64) });

describe('contact sheet', () => {
  test('links are relative to the output folder, text is escaped, and every asset has a card with its state', () => {
    const r = loadManifest(text);
    if (!r.manifest) throw new Error(JSON.stringify(r.diagnostics));
    const lock: Lockfile = {
      lockfileVersion: 1,
      assets: {
        idle: { type: 'image', name: 'Idle', fingerprint: 'f', inputs: {}, item_id: 'i', job_id: 'j', status: 'completed', credits: 1, files: { image: file('art/images/idle.png', 'a'), transparent_image: file('art/images/idle transparent.png', 'b') } },
        broken: { type: 'image', name: 'Broken', fingerprint: 'f', inputs: {}, item_id: 'i', job_id: 'j2', status: 'failed', credits: 0, files: {}, error: { code: 'content_policy', message: 'refused' } },
      },
    };
    const html = galleryHtml(r.manifest, lock);
    expect(html).toBe(galleryHtml(r.manifest, lock));
    expect(html).toContain('src="../../art/images/idle.png"');
    expect(html).toContain('src="../../art/images/idle%20transparent.png"');
    expect(html).not.toContain('<script');
    expect(html).toContain('Fox &lt;script&gt;');
    expect(html).toContain('standing &amp; &lt;b&gt;relaxed&lt;/b&gt;');
    expect([...html.matchAll(/<article class="card" data-id="([^"]+)" data-state="([^"]+)"/g)].map((m) => [m[1], m[2]])).toEqual([
      ['idle', 'ready'],
      ['wave', 'pending'],
      ['broken', 'failed'],
    ]);
    expect(html).toContain('refused [content_policy]');
  });
});
