// The README's library example imports names that exist, from the entry that has them, and the
// library entry loads nothing of the emulator.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const library = /## Library\n[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)![1]!;
const entries: Record<string, string> = { 'masko-sync': '../../src/index.js', 'masko-sync/emulator': '../../src/emulator-entry.js' };

describe("the README's library example", () => {
  it('imports only names its entries export', async () => {
    const imports = [...library.matchAll(/^import \{([^}]+)\} from '([^']+)';$/gm)];
    expect(imports.map((m) => m[2])).toEqual(['masko-sync', 'masko-sync/emulator']);
    for (const [, names, from] of imports) {
      const mod = (await import(entries[from!]!)) as Record<string, unknown>;
      const values = names!.split(',').map((n) => n.trim()).filter((n) => n && !n.startsWith('type '));
      for (const name of values) expect(mod[name], `${name} from ${from}`).toBeDefined();
    }
  });

  it('keeps the emulator out of the library entry: nothing it imports, however deep, is the emulator, hono or a renderer', async () => {
    // The built entry's module graph: static imports, and dynamic ones except the one that starts the
    // in-process emulator when a caller asks for it (`emulator: true`), which is checked on its own below.
    const { existsSync } = await import('node:fs');
    expect(existsSync(path.join(ROOT, 'dist/index.js')), 'run `npm run build` first').toBe(true);
    const seen = new Set<string>();
    const packages = new Set<string>();
    const emulatorLoads: string[] = [];
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const m of readFileSync(file, 'utf8').matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^import\s*)['"]([^'"]+)['"]/gm)) {
        const spec = m[1]!;
        if (spec.endsWith('emulator-entry.js') && m[0].includes('(')) {
          emulatorLoads.push(path.relative(ROOT, file));
          continue;
        }
        if (spec.startsWith('.')) visit(path.resolve(path.dirname(file), spec));
        else if (!spec.startsWith('node:')) packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
      }
    };
    visit(path.join(ROOT, 'dist/index.js'));
    const files = [...seen].map((f) => path.relative(ROOT, f));
    expect(files).toContain('dist/api/client.js');
    expect(files.filter((f) => f.startsWith('dist/emulator'))).toEqual([]);
    expect([...packages].filter((p) => ['hono', '@hono/node-server', '@resvg/resvg-js', '@ffmpeg-installer/ffmpeg'].includes(p))).toEqual([]);
    expect(packages).toContain('undici');
    // Only the embedded-emulator path loads it, and only when it runs.
    expect(emulatorLoads).toEqual(['dist/operations/api-target.js']);
  });
});
