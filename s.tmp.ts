import { readFile } from 'node:fs/promises';
import * as prettier from 'prettier';
import { fixtureProject } from './test/outputs/fixture-project.js';
import { writeOutputs } from './src/outputs/write-outputs.js';
const yaml = `version: 1
collection: col_x
output:
  dir: public/mascot
  typescript: { path: src/mascot-assets.ts, files: ${process.argv[2] ?? 'url'} }
  public_path: /mascot
assets:
  idle: { type: image, image_prompt: idle }
  wave: { type: image, name: 'Say "hi" it''s me */', image_prompt: wave }
  wave-santa: { type: edit, source: wave, edit_instructions: hat }
  3d-spin: { type: animation, source: idle, animation_prompt: spin }
  default: { type: logo, logo_description: a, logo_style_name: b, logo_style_instruction: c }
  a-very-long-asset-identifier-that-goes-on-and-on-and-on-forever: { type: image, image_prompt: x }
`;
const p = await fixtureProject(yaml, { statuses: { 'wave-santa': 'failed', default: 'pending' }, realVideo: true });
console.log(await writeOutputs(p.dir, p.manifest, p.lock));
const text = await readFile(p.abs('src/mascot-assets.ts'), 'utf8');
console.log(text);
const formatted = await prettier.format(text, { parser: 'typescript' });
console.log('PRETTIER', formatted === text);
if (formatted !== text) { const a = text.split('\n'), b = formatted.split('\n'); for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) { console.log(i, JSON.stringify(a[i]), '\n   ', JSON.stringify(b[i])); break; } }
console.log((await readFile(p.abs('public/mascot/masko-assets.json'), 'utf8')).slice(0, 1500));
await p.cleanup();
