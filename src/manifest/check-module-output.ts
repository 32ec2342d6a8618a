/** Checks of the app-facing outputs the schema cannot express: `output.typescript.files` and `output.public_path`. */
import type { Diagnostic } from '../model/diagnostic.js';
import { isRecord } from './asset-shape.js';
import { diag } from './check-semantics.js';
import type { Locator } from './locate.js';
import { checkOutputPath } from './output-path.js';

/** `files: public` needs a public path; with a public path every asset's files must live under `output.dir`. */
export function checkModuleOutput(data: Record<string, unknown>, locator: Locator): Diagnostic[] {
  const output = isRecord(data.output) ? data.output : undefined;
  if (!output) return [];
  const out: Diagnostic[] = [];
  const publicPath = typeof output.public_path === 'string' ? output.public_path : undefined;
  const ts = output.typescript;
  if (isRecord(ts) && ts.files === 'public' && publicPath === undefined) {
    out.push(diag('SCHEMA_VALUE', '"output.typescript.files: public" needs "output.public_path"', locator.value(['output', 'typescript', 'files']), 'Add e.g. `public_path: /mascot` under `output` (the URL at which output.dir is served).'));
  }
  if (publicPath === undefined || !isRecord(data.assets)) return out;
  const dir = normalised(typeof output.dir === 'string' ? output.dir : 'masko-assets');
  if (dir === undefined) return out;
  for (const [id, asset] of Object.entries(data.assets)) {
    if (!isRecord(asset) || typeof asset.output !== 'string') continue;
    const own = normalised(asset.output);
    if (own === undefined || dir === '.' || own === dir || own.startsWith(dir + '/')) continue;
    out.push(
      diag('SCHEMA_VALUE', `assets.${id}.output: "${own}" is outside output.dir "${dir}", so output.public_path cannot address its files`, locator.value(['assets', id, 'output']), `Use a folder inside "${dir}", e.g. "${dir}/${own.split('/').pop() ?? id}".`),
    );
  }
  return out;
}

function normalised(path: string): string | undefined {
  const check = checkOutputPath(path);
  return check.ok ? check.normalised : undefined;
}
