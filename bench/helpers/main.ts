/** "Run directly" check for bench files: true when this module is the script node was started with. */
import { pathToFileURL } from 'node:url';

/** Whether `moduleUrl` (pass `import.meta.url`) is the entry script. */
export function isMain(moduleUrl: string): boolean {
  return Boolean(process.argv[1]) && moduleUrl === pathToFileURL(process.argv[1]!).href;
}
