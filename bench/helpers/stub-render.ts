/**
 * A cheap stand-in for the emulator's media rendering, for benches that measure the CLI's scheduling.
 * Even with `media: 'fallback'` the emulator renders every image and edit as two 512×512 PNGs
 * with resvg (≈ 45 ms of main-thread CPU per job on a small machine), so 200 jobs would make the
 * emulator, not the CLI, the bottleneck. The stub returns a small placeholder file per key,
 * made unique by the job's seed, and leaves logos to the real renderer.
 */
import { placeholderBytes } from '../../src/emulator/media/embedded.js';
import { RenderService, type RenderedFiles } from '../../src/emulator/render.js';
import type { RenderWork } from '../../src/emulator/state.js';

/** Replaces RenderService#renderJob in this process until the returned function is called. */
export function stubRendering(): () => void {
  const proto = RenderService.prototype;
  const original = proto.renderJob;
  proto.renderJob = function (this: RenderService, work: RenderWork): Promise<RenderedFiles> {
    const file = (format: 'png' | 'mp4' | 'webm' | 'mov', key: string) => Buffer.concat([placeholderBytes(format), Buffer.from(`${work.seed}/${key}`)]);
    switch (work.kind) {
      case 'image':
        return Promise.resolve({ image: file('png', 'image'), transparent_image: file('png', 'transparent_image') });
      case 'animation': {
        const out: RenderedFiles = { video: file('mp4', 'video'), webm: file('webm', 'webm'), hevc: file('mov', 'hevc') };
        if (work.stillPrompt !== undefined) out.image = file('png', 'image');
        return Promise.resolve(out);
      }
      default:
        return original.call(this, work);
    }
  };
  return () => {
    proto.renderJob = original;
  };
}
