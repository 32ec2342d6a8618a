/** The API client and verified-download adapter a preview needs, for one API target. */
import { createDispatcher } from '../api/dispatcher.js';
import { MaskoClient } from '../api/client.js';
import type { ApplyFiles } from '../apply/types.js';
import { DEFAULT_MAX_BYTES, projectFiles } from '../outputs/project-files.js';
import type { DownloadPolicy } from '../outputs/url-policy.js';

/** A client plus a download adapter rooted at `dir`; close both with `close`. */
export interface PreviewTools {
  api: MaskoClient;
  files: ApplyFiles;
  close(): Promise<void>;
}

/** Opens the tools for `target` (downloads land inside `dir`, from the API host or the CDN hosts only). */
export function previewTools(target: { url: string; key: string; downloads: DownloadPolicy; embedded?: boolean }, dir: string, maxBytes = DEFAULT_MAX_BYTES): PreviewTools {
  const agent = createDispatcher(process.env, { keepAliveTimeout: 10_000, direct: target.embedded });
  const api = new MaskoClient({ baseUrl: target.url, apiKey: target.key, dispatcher: agent, userAgent: 'masko-sync' });
  const files = projectFiles({ projectDir: dir, urls: target.downloads, maxBytes, dispatcher: agent, attempts: 4 });
  return {
    api,
    files,
    async close() {
      await api.close();
      await agent.close();
    },
  };
}
