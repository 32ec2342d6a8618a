/** Two assets must never write the same file (e.g. `wave-transparent` and the transparent image of `wave`). */
import { posix } from 'node:path';
import type { Diagnostic } from '../model/diagnostic.js';
import type { Manifest } from '../model/manifest.js';
import { fileNameFor } from './file-names.js';
import { knownFiles } from './known-files.js';

/** One OUTPUT_COLLISION per asset whose file another asset already writes, in manifest order. */
export function checkOutputCollisions(manifest: Manifest): Diagnostic[] {
  const owners = new Map<string, { id: string; key: string }>();
  const out: Diagnostic[] = [];
  for (const asset of Object.values(manifest.assets)) {
    for (const [key, ext] of knownFiles(asset)) {
      const file = posix.join(asset.outputDir, fileNameFor(asset.id, key, ext));
      const owner = owners.get(file);
      if (!owner) {
        owners.set(file, { id: asset.id, key });
        continue;
      }
      const span = asset.span ?? { start: 0, end: 0 };
      out.push({
        code: 'OUTPUT_COLLISION',
        severity: 'error',
        message: `asset "${asset.id}" would write ${file} (its ${key}), which asset "${owner.id}" also writes (its ${owner.key})`,
        start: span.start,
        end: span.end,
        hint: 'Rename one of the two ids, or give one of them its own `output` folder.',
      });
      break;
    }
  }
  return out;
}
